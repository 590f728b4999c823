import { TemplateRecord, TemplateVariable } from 'src/templates/entities/template.entity';

export interface SystemTemplateDefinition {
  /** Stable key: the seeder upserts by it, so names and descriptions can change between releases. */
  key: string;
  name: string;
  description: string;
  records: TemplateRecord[];
  variables: TemplateVariable[];
}

function variable(
  name: string,
  description: string,
  options: { required?: boolean; default?: string } = {},
): TemplateVariable {
  return { name, description, required: options.required ?? true, default: options.default ?? null };
}

/** The templates every tenant sees. Kept identical to this list at every boot (src/templates/system-templates.seeder.ts). */
export const SYSTEM_TEMPLATES: readonly SystemTemplateDefinition[] = [
  {
    key: 'google-workspace-mail',
    name: 'Google Workspace mail',
    description:
      "Routes the domain's mail to Google Workspace (Gmail): Google's five MX hosts and an SPF record allowing " +
      "Google's servers. Optionally the google-site-verification TXT record.",
    records: [
      { name: '@', type: 'MX', content: '1 aspmx.l.google.com.', ttl: null },
      { name: '@', type: 'MX', content: '5 alt1.aspmx.l.google.com.', ttl: null },
      { name: '@', type: 'MX', content: '5 alt2.aspmx.l.google.com.', ttl: null },
      { name: '@', type: 'MX', content: '10 alt3.aspmx.l.google.com.', ttl: null },
      { name: '@', type: 'MX', content: '10 alt4.aspmx.l.google.com.', ttl: null },
      { name: '@', type: 'TXT', content: '"v=spf1 include:_spf.google.com ~all"', ttl: null },
      { name: '@', type: 'TXT', content: '"google-site-verification=${google_verification}"', ttl: null },
    ],
    variables: [
      variable(
        'google_verification',
        'The site verification token from the Google Admin console (optional)',
        {
          required: false,
        },
      ),
    ],
  },
  {
    key: 'microsoft-365-mail',
    name: 'Microsoft 365 mail',
    description:
      "Routes the domain's mail to Exchange Online: the MX record, SPF allowing Microsoft's servers and the " +
      'Autodiscover CNAME for Outlook clients. Optionally the MS= domain verification TXT record.',
    records: [
      { name: '@', type: 'MX', content: '0 ${mx_host}.mail.protection.outlook.com.', ttl: null },
      { name: '@', type: 'TXT', content: '"v=spf1 include:spf.protection.outlook.com -all"', ttl: null },
      { name: 'autodiscover', type: 'CNAME', content: 'autodiscover.outlook.com.', ttl: null },
      { name: '@', type: 'TXT', content: '"MS=${ms_verification}"', ttl: null },
    ],
    variables: [
      variable(
        'mx_host',
        'The first label of the MX host shown in the Microsoft 365 admin center, e.g. contoso-com for ' +
          'contoso-com.mail.protection.outlook.com',
      ),
      variable(
        'ms_verification',
        'The MS= verification value from the Microsoft 365 admin center, e.g. ms12345678 (optional)',
        {
          required: false,
        },
      ),
    ],
  },
  {
    key: 'basic-web',
    name: 'Basic web',
    description:
      'A web site at the apex: A (and optionally AAAA) records for the server, and www as an alias of the apex.',
    records: [
      { name: '@', type: 'A', content: '${ip}', ttl: null },
      { name: '@', type: 'AAAA', content: '${ipv6}', ttl: null },
      { name: 'www', type: 'CNAME', content: '${domain}.', ttl: null },
    ],
    variables: [
      variable('ip', "The web server's IPv4 address"),
      variable('ipv6', "The web server's IPv6 address (optional)", { required: false }),
    ],
  },
  {
    key: 'spf-dmarc-baseline',
    name: 'SPF/DMARC baseline',
    description:
      'An SPF policy that fails everything except the listed senders, and a DMARC policy with aggregate reports. ' +
      'The defaults (mail only from the MX hosts, quarantine, reports to dmarc-reports@ the domain) are a safe start.',
    records: [
      { name: '@', type: 'TXT', content: '"v=spf1 ${spf_include} -all"', ttl: null },
      {
        name: '_dmarc',
        type: 'TXT',
        content: '"v=DMARC1; p=${dmarc_policy}; rua=mailto:${dmarc_email}"',
        ttl: null,
      },
    ],
    variables: [
      variable(
        'spf_include',
        'SPF mechanisms of the allowed senders, e.g. "mx" or "include:_spf.google.com"',
        {
          default: 'mx',
        },
      ),
      variable('dmarc_policy', 'What receivers do with mail failing DMARC: none, quarantine or reject', {
        default: 'quarantine',
      }),
      variable('dmarc_email', 'Where aggregate DMARC reports are sent', {
        default: 'dmarc-reports@${domain}',
      }),
    ],
  },
];
