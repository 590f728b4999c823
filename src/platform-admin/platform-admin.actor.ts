import { RequestContext } from 'src/common/context/request-context';

/** Who to record as `updated_by` / `requested_by`: the ScaiDNS user, else the API key (a group's key has no user). */
export function actorIdOf(context: RequestContext): string | null {
  return context.principal?.userId ?? context.principal?.apiKeyId ?? null;
}
