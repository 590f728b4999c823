import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PERMISSIONS, Permission } from 'src/auth/permissions';

export class AuthConfigDto {
  @ApiProperty() authorization_endpoint: string;
  @ApiProperty() token_endpoint: string;
  @ApiProperty({ nullable: true }) userinfo_endpoint: string | null;
  @ApiProperty({ nullable: true }) end_session_endpoint: string | null;
  @ApiProperty() jwks_uri: string;
  @ApiProperty() issuer: string;
  @ApiProperty({ description: 'OAuth client id to use in the authorization request' }) client_id: string;
  @ApiProperty({ example: ['openid', 'profile', 'email'] }) scopes: string[];
}

export class TokenExchangeDto {
  @ApiProperty({ description: 'Authorization code from the ScaiKey redirect' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  code: string;

  @ApiProperty({ description: 'PKCE code verifier (RFC 7636)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  code_verifier: string;

  @ApiProperty({ description: 'Must equal the redirect_uri of the authorization request' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2048)
  redirect_uri: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  refresh_token: string;
}

export class LogoutDto {
  @ApiPropertyOptional({ description: 'Also revoke this refresh token at ScaiKey' })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  refresh_token?: string;
}

export class TokenResponseDto {
  @ApiProperty() access_token: string;
  @ApiPropertyOptional() refresh_token?: string;
  @ApiProperty({ example: 'Bearer' }) token_type: string;
  @ApiProperty({ example: 3600 }) expires_in: number;
  @ApiPropertyOptional() id_token?: string;
}

export class ValidateTokenDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(8192)
  token: string;
}

export class ValidateTokenResponseDto {
  @ApiProperty() valid: boolean;
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional() sub?: string;
  @ApiPropertyOptional() email?: string | null;
  @ApiPropertyOptional() tenant_id?: string | null;
  @ApiPropertyOptional() expires_at?: string;
}

export class StatusDto {
  @ApiProperty({ example: 'ok' }) status: string;
}

export class PermissionCheckDto {
  @ApiProperty({ enum: PERMISSIONS })
  @IsIn(PERMISSIONS)
  permission: Permission;

  @ApiPropertyOptional({ description: 'Check on one zone (domain roles and access grants count there)' })
  @IsOptional()
  @IsUUID()
  domain_id?: string;
}

export class PermissionCheckResponseDto {
  @ApiProperty() permission: string;
  @ApiProperty() allowed: boolean;
  @ApiPropertyOptional({ nullable: true }) domain_id: string | null;
}
