// Twelve files of different kinds, as an admin gathers them for one incident:
// the portal's sign-in downloads (interactive, non-interactive, auth details,
// service principal, managed identity, the older 44-column export), MFA Server
// reports (activity, blocked, bypassed, server status, fraud alerts) and a
// registration report. The generated ones come from `mfa-lens generate` (same
// seed, same bytes); status and fraud alerts from the core's fixtures.
import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, ARTIFACTS } from './browser.mjs';
import { cli } from './cli.mjs';

const REPORTS = join(ROOT, 'crates', 'mfa-lens-core', 'tests', 'fixtures', 'reports');

const GENERATED = [
  ['sign-ins', 3000, 'InteractiveSignIns_2024-05-01_2024-05-02.csv'],
  ['non-interactive', 2000, 'NonInteractiveSignIns_2024-05-01_2024-05-02.csv'],
  ['auth-details', 1500, 'InteractiveSignIns_AuthDetails_2024-05-01_2024-05-02.csv'],
  ['app-sign-ins', 400, 'ServicePrincipalSignIns_2024-05-01_2024-05-02.csv'],
  ['msi-sign-ins', 300, 'ManagedIdentitySignIns_2024-05-01_2024-05-02.csv'],
  ['sign-ins-44', 500, 'SignIns_2023_older_export.csv'],
  ['activity', 2000, 'MFAServer_Activity.csv'],
  ['blocked', 300, 'MFAServer_Blocked.csv'],
  ['bypassed', 200, 'MFAServer_Bypassed.csv'],
  ['registration', 800, 'UserRegistrationDetails.csv'],
];

/// Writes the set into `e2e/artifacts/mixed/` (once per run) and returns the
/// twelve paths.
export async function mixedSet() {
  const dir = join(ARTIFACTS, 'mixed');
  await mkdir(dir, { recursive: true });
  const paths = GENERATED.map(([kind, rows, name]) => {
    const out = join(dir, name);
    execFileSync(cli(), ['generate', '--kind', kind, '--rows', String(rows), '--seed', '7', '--out', out]);
    return out;
  });
  paths.push(join(REPORTS, 'MFAServer_Status_variant.csv'), join(REPORTS, 'FraudAlerts_variant.csv'));
  return paths;
}
