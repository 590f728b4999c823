import { AppException } from 'src/common/errors/app.exception';

export class ScaiKeyUnavailableError extends AppException {
  constructor(reason: string) {
    super(503, `The identity provider (ScaiKey) is unavailable: ${reason}`, 'SCAIKEY_UNAVAILABLE');
  }
}
