import { Injectable } from '@nestjs/common';
import { Request } from 'express';
import { JwtVerifierService } from 'src/auth/jwt/jwt-verifier.service';
import { Principal } from 'src/auth/principal';
import { PrincipalResolver } from 'src/auth/principal-resolver';
import { UnauthorizedError } from 'src/common/errors/app.exception';

/** Turns the request's credentials into a Principal, or refuses with 401. */
@Injectable()
export class AuthenticatorService {
  constructor(
    private readonly jwt: JwtVerifierService,
    private readonly principals: PrincipalResolver,
  ) {}

  async authenticate(request: Request): Promise<Principal> {
    const apiKey = request.headers['x-api-key'];
    if (typeof apiKey === 'string' && apiKey !== '') {
      return this.principals.fromApiKey(apiKey, request.ip ?? null);
    }
    const authorization = request.headers.authorization;
    if (typeof authorization === 'string') {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match) {
        throw new UnauthorizedError('Authorization header must be "Bearer <token>"');
      }
      const claims = await this.jwt.verify(match[1]);
      return this.principals.fromClaims(claims);
    }
    throw new UnauthorizedError('Not authenticated: send a Bearer token or an X-API-Key header');
  }
}
