import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AuthService } from 'src/auth/auth.service';
import { Authenticated, Public } from 'src/auth/decorators/auth.decorators';
import {
  AuthConfigDto,
  LogoutDto,
  RefreshDto,
  StatusDto,
  TokenExchangeDto,
  TokenResponseDto,
  ValidateTokenDto,
  ValidateTokenResponseDto,
} from 'src/auth/dto/auth.dto';
import { MeEnvelopeDto } from 'src/auth/dto/me.dto';
import { MeService } from 'src/auth/me.service';
import { Ctx } from 'src/common/context/ctx.decorator';
import { RequestContext } from 'src/common/context/request-context';
import { ErrorResponseDto, ValidationErrorResponseDto } from 'src/common/errors/error-response.dto';

@ApiTags('auth')
@ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto, description: 'Malformed request body' })
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly me: MeService,
  ) {}

  @Get('config')
  @Public()
  @ApiOperation({ summary: 'OAuth settings a frontend needs to start a ScaiKey sign-in' })
  @ApiOkResponse({ type: AuthConfigDto })
  config(): Promise<AuthConfigDto> {
    return this.auth.oauthConfig();
  }

  @Post('token')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange an authorization code (with its PKCE verifier) for tokens' })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'ScaiKey refused the code' })
  token(@Body() body: TokenExchangeDto): Promise<TokenResponseDto> {
    return this.auth.exchangeCode(body.code, body.code_verifier, body.redirect_uri);
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Trade a refresh token for new tokens (the refresh token rotates)' })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  refresh(@Body() body: RefreshDto): Promise<TokenResponseDto> {
    return this.auth.refresh(body.refresh_token);
  }

  @Get('me')
  @Authenticated({ permission: null })
  @ApiOperation({ summary: 'The signed-in user, their tenant and effective permissions' })
  @ApiOkResponse({ type: MeEnvelopeDto })
  async whoAmI(@Ctx() context: RequestContext): Promise<MeEnvelopeDto> {
    return { data: await this.me.describe(context, true) };
  }

  @Post('logout')
  @Authenticated({ permission: null, allowApiKey: false })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign out: the access token stops working; the refresh token is revoked at ScaiKey',
  })
  @ApiOkResponse({ type: StatusDto })
  async logout(@Ctx() context: RequestContext, @Body() body: LogoutDto): Promise<StatusDto> {
    await this.auth.logout(context, body.refresh_token);
    return { status: 'ok' };
  }

  @Post('validate')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Check whether a ScaiKey access token is valid for ScaiDNS' })
  @ApiOkResponse({ type: ValidateTokenResponseDto })
  validate(@Body() body: ValidateTokenDto): Promise<ValidateTokenResponseDto> {
    return this.auth.validate(body.token);
  }
}
