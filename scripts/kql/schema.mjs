// The two sign-in tables of Log Analytics / Microsoft Sentinel, as the Kusto
// semantic check sees them: the columns MFA Lens's queries read and the usual
// others, with their documented types.
//
// Where the types come from: the Azure Monitor table reference pages
// `SigninLogs` and `AADNonInteractiveUserSignInLogs` (learn.microsoft.com,
// azure-monitor/reference/tables), as summarised in shared/formats/FORMATS.md
// §2.4–2.5. The one difference that matters: Status, MfaDetail, DeviceDetail,
// LocationDetails and ConditionalAccessPolicies are `dynamic` in SigninLogs
// and `string` in AADNonInteractiveUserSignInLogs. ResultType and
// AuthenticationDetails are strings in both.

const shared = {
  TenantId: 'string',
  SourceSystem: 'string',
  TimeGenerated: 'datetime',
  ResourceId: 'string',
  OperationName: 'string',
  OperationVersion: 'string',
  Category: 'string',
  ResultType: 'string',
  ResultSignature: 'string',
  ResultDescription: 'string',
  DurationMs: 'long',
  CorrelationId: 'string',
  Resource: 'string',
  ResourceGroup: 'string',
  ResourceProvider: 'string',
  Identity: 'string',
  Level: 'string',
  Location: 'string',
  AlternateSignInName: 'string',
  AppDisplayName: 'string',
  AppId: 'string',
  AuthenticationContextClassReferences: 'string',
  AuthenticationDetails: 'string',
  AppliedEventListeners: 'dynamic',
  AuthenticationMethodsUsed: 'string',
  AuthenticationProcessingDetails: 'string',
  AuthenticationProtocol: 'string',
  AuthenticationRequirement: 'string',
  AuthenticationRequirementPolicies: 'string',
  AutonomousSystemNumber: 'string',
  ClientAppUsed: 'string',
  ConditionalAccessStatus: 'string',
  CreatedDateTime: 'datetime',
  CrossTenantAccessType: 'string',
  HomeTenantId: 'string',
  Id: 'string',
  IPAddress: 'string',
  IsInteractive: 'bool',
  IsRisky: 'bool',
  OriginalRequestId: 'string',
  ResourceDisplayName: 'string',
  ResourceIdentity: 'string',
  ResourceTenantId: 'string',
  RiskDetail: 'string',
  RiskLevelAggregated: 'string',
  RiskLevelDuringSignIn: 'string',
  RiskState: 'string',
  ServicePrincipalId: 'string',
  TokenIssuerName: 'string',
  TokenIssuerType: 'string',
  UniqueTokenIdentifier: 'string',
  UserAgent: 'string',
  UserDisplayName: 'string',
  UserId: 'string',
  UserPrincipalName: 'string',
  UserType: 'string',
  Type: 'string',
};

/** The columns typed differently in the two tables. */
const differing = ['Status', 'MfaDetail', 'DeviceDetail', 'LocationDetails', 'ConditionalAccessPolicies'];

const typed = (type) => Object.fromEntries(differing.map((c) => [c, type]));

/** Table name → { column: type }. */
export const TABLES = {
  SigninLogs: { ...shared, ...typed('dynamic') },
  AADNonInteractiveUserSignInLogs: { ...shared, ...typed('string') },
};
