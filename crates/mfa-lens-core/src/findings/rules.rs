//! What each rule looks for, its thresholds and their defaults, where the
//! defaults come from and what the exports cannot show it: the table the
//! README and the page's Reference view list. Written in our own words; the
//! public rules named in `source` were read for their thresholds only.

use serde::Serialize;

use super::{MarkKind, RuleId, Severity};

/// One adjustable threshold of a rule.
#[derive(Debug, Serialize)]
pub struct ThresholdInfo {
    /// Its path in [`super::FindingSettings`] (see [`super::FindingSettings::value`]).
    pub name: &'static str,
    /// The `mfa-lens findings` flag that sets it.
    pub flag: &'static str,
    /// The default, as [`super::FindingSettings::default`] has it.
    pub default: f64,
    pub unit: &'static str,
    pub meaning: &'static str,
}

/// One rule, described for people.
#[derive(Debug, Serialize)]
pub struct RuleInfo {
    pub id: RuleId,
    pub title: &'static str,
    /// The severities its findings can have, highest first.
    pub severities: &'static [Severity],
    /// What makes a finding.
    pub finds: &'static str,
    /// What a finding's `count` counts, singular and plural.
    pub counted: [&'static str; 2],
    /// What each kind of mark on a finding's timeline stands for.
    pub marks: &'static [(MarkKind, &'static str)],
    /// What a finding's `via` lists, as a heading (empty: the rule sets none).
    pub via: &'static str,
    pub thresholds: &'static [ThresholdInfo],
    /// Where the defaults come from.
    pub source: &'static str,
    /// What the exports do not show the rule.
    pub cannot_see: &'static str,
}

impl RuleInfo {
    /// What `n` of a finding's `count` are: "1 fraud report", "5 rejected
    /// prompts" (the number is the caller's to format).
    pub fn counted_word(&self, n: u64) -> &'static str {
        self.counted[usize::from(n != 1)]
    }
}

use MarkKind::{Lifted, Success, Trigger};
use Severity::{High, Info, Medium};

/// The description of rule `id`.
pub fn rule_info(id: RuleId) -> &'static RuleInfo {
    // Every rule is in the table (a unit test walks them all).
    RULES.iter().find(|r| r.id == id).unwrap_or(&RULES[0])
}

/// Every rule, in the order the README lists them.
pub static RULES: &[RuleInfo] = &[
    RuleInfo {
        id: RuleId::MfaFatigue,
        title: "MFA fatigue (prompt bombing)",
        severities: &[High, Medium],
        finds: "A run of push prompts one user declined or left unanswered, each less than the gap \
            apart, long enough to look like someone with the password pressing the user to give in. \
            High when the user then approved a prompt (a satisfied sign-in or a successful MFA Server \
            call) within the approval window: the attacker may be in.",
        counted: ["rejected prompt", "rejected prompts"],
        marks: &[(Trigger, "rejected or unanswered prompt"), (Success, "approval")],
        via: "",
        thresholds: &[
            ThresholdInfo {
                name: "mfa_fatigue.min_prompts",
                flag: "--min-prompts",
                default: 5.0,
                unit: "prompts",
                meaning: "rejected or unanswered prompts an episode needs",
            },
            ThresholdInfo {
                name: "mfa_fatigue.gap_minutes",
                flag: "--gap-minutes",
                default: 10.0,
                unit: "minutes",
                meaning: "a longer pause between two prompts starts a new episode",
            },
            ThresholdInfo {
                name: "mfa_fatigue.approval_window_minutes",
                flag: "--approval-window-minutes",
                default: 60.0,
                unit: "minutes",
                meaning: "how long after the last prompt a success still counts as giving in",
            },
        ],
        source: "Lower than the cloud rules on purpose, since an export is read after the fact: \
            Microsoft Sentinel's \"MFA Spamming followed by Successful login\" wants more than 10 \
            failures within 5 minutes and a success; Splunk's rule more than 9 denials in 10 \
            minutes; a Sigma rule 7 failures in 10 minutes and a success within 10 minutes.",
        cannot_see: "Whether number matching or additional context (app and place shown in the \
            prompt) was on: these tenant settings are not in the exports. Prompts answered with a \
            code or a call are not pushes and are not counted. Rows without a readable date are \
            left out.",
    },
    RuleInfo {
        id: RuleId::FraudReported,
        title: "Fraud reported by the user",
        severities: &[High],
        finds: "Every user who reported a prompt as fraud: a sign-in denied for that reason, an MFA \
            Server call ending in a fraud code or fraud report, a row of the fraud alert report, or \
            a block the MFA Server history marks as a fraud alert. One finding per user.",
        counted: ["fraud report", "fraud reports"],
        marks: &[(Trigger, "fraud report")],
        via: "Reported in",
        thresholds: &[],
        source: "Microsoft's security operations guide rates every fraud alert high and asks for an \
            alert on each; Sentinel's \"Explicit MFA Deny\" and \"MFA Rejected by User\" rules \
            fire on a single fraud report too.",
        cannot_see: "Reports made through the Authenticator's \"report suspicious activity\" \
            appear in the sign-ins only as the denial; the risk detection and the block it can \
            cause live in Identity Protection, which the exports do not include.",
    },
    RuleInfo {
        id: RuleId::CodeGuessing,
        title: "Verification code guessing",
        severities: &[High, Medium],
        finds: "Many wrong, reused or stale verification codes (app codes, OATH tokens, text \
            messages) for one user within a short window: someone may be guessing codes. High \
            when a success follows within the success window.",
        counted: ["wrong code", "wrong codes"],
        marks: &[(Trigger, "wrong code"), (Success, "success")],
        via: "",
        thresholds: &[
            ThresholdInfo {
                name: "code_guessing.min_codes",
                flag: "--min-codes",
                default: 10.0,
                unit: "codes",
                meaning: "wrong codes within the window that make a finding",
            },
            ThresholdInfo {
                name: "code_guessing.window_minutes",
                flag: "--code-window-minutes",
                default: 10.0,
                unit: "minutes",
                meaning: "the window the wrong codes must fall within",
            },
            ThresholdInfo {
                name: "code_guessing.success_window_minutes",
                flag: "--code-success-window-minutes",
                default: 60.0,
                unit: "minutes",
                meaning: "a success this long after the last wrong code makes it high",
            },
        ],
        source: "Elastic's rule on Entra ID one-time-code brute force looks for about 20 failed \
            code attempts across sessions within roughly 9 minutes; a single-file export rarely \
            shows sessions, so the count is halved and the window rounded to 10 minutes.",
        cannot_see: "Codes typed at an on-premises server that never reached the cloud, and the \
            session a code belonged to, are not in the sign-in exports. Rows without a readable \
            date are left out.",
    },
    RuleInfo {
        id: RuleId::PromptVolume,
        title: "Users prompted far more than their peers",
        severities: &[Info],
        finds: "Users whose busiest UTC day had many more MFA prompts (sign-ins where MFA was \
            required and actually performed, not carried over from a token or an earlier sign-in) \
            than is usual in the tenant: prompt fatigue by design, which makes users approve \
            without reading.",
        counted: ["prompt on the busiest day", "prompts on the busiest day"],
        marks: &[(Trigger, "prompt")],
        via: "",
        thresholds: &[
            ThresholdInfo {
                name: "prompt_volume.min_daily",
                flag: "--min-daily",
                default: 20.0,
                unit: "prompts",
                meaning: "fewest prompts on the busiest day for a finding",
            },
            ThresholdInfo {
                name: "prompt_volume.multiple",
                flag: "--multiple",
                default: 3.0,
                unit: "times",
                meaning: "how many times the tenant's median busiest day the user's must reach",
            },
        ],
        source: "The \"Authentication prompts analysis\" workbook compares each user with the \
            tenant's average and median prompts; Microsoft's operations guide asks for a baseline. \
            Three times the median, and at least 20 a day, are our choices.",
        cannot_see: "A sign-in that says only that MFA was required and the sign-in succeeded is \
            counted as a prompt, since the export cannot tell whether one was shown. The sign-in \
            frequency and session settings behind the prompts are not in the exports.",
    },
    RuleInfo {
        id: RuleId::AdminWithoutMfa,
        title: "Administrator not registered for MFA",
        severities: &[High, Medium],
        finds: "Every user a registration report marks as admin who has no MFA method \
            registered. High when the admin also signs in in the loaded sign-ins.",
        counted: ["registration row", "registration rows"],
        marks: &[],
        via: "",
        thresholds: &[],
        source: "Any admin without MFA is a finding: Microsoft's guidance is that every \
            privileged account has MFA.",
        cannot_see: "Which role makes the user an admin, and whether Conditional Access would \
            force registration at the next sign-in: the registration report only flags admins.",
    },
    RuleInfo {
        id: RuleId::BlockLiftedAfterFraud,
        title: "Block lifted soon after a fraud report",
        severities: &[High],
        finds: "A user the MFA Server histories show unblocked, or given a one-time bypass, \
            within the window after a fraud report: the account may be handed back before anyone \
            made sure it is safe.",
        counted: ["unblock or bypass", "unblocks or bypasses"],
        marks: &[(Trigger, "fraud report"), (Lifted, "unblock or bypass")],
        via: "Actions",
        thresholds: &[ThresholdInfo {
            name: "block_lifted_after_fraud.window_hours",
            flag: "--lift-window-hours",
            default: 24.0,
            unit: "hours",
            meaning: "how long after a fraud report an unblock or bypass is a finding",
        }],
        source: "A fraud alert can block a user for 90 days by default; lifting it within a day \
            is rarely enough time to investigate. The window is our choice.",
        cannot_see: "Why the block was lifted and who checked the account first: the histories \
            keep the requester and a free-text reason only.",
    },
    RuleInfo {
        id: RuleId::SingleFactorAccess,
        title: "Access with a password alone",
        severities: &[High, Medium],
        finds: "Successful single-factor sign-ins (error code 0) through legacy-authentication \
            clients (Exchange ActiveSync, IMAP, POP, SMTP, MAPI, EWS, Outlook Anywhere, \
            Autodiscover, Offline Address Book, Exchange Online PowerShell, Reporting Web \
            Services, other clients), which can never show an MFA prompt: high; and to \
            administrative applications (Azure portal, Azure PowerShell and CLI, Microsoft Graph \
            command-line tools and the like): medium. One finding per user and kind.",
        counted: ["sign-in", "sign-ins"],
        marks: &[(Trigger, "sign-in with a password alone")],
        via: "Through",
        thresholds: &[],
        source: "Microsoft recommends blocking legacy authentication and requiring MFA for \
            administration; any successful use is a finding.",
        cannot_see: "Whether the client had an app password, and the Conditional Access policy \
            that let the sign-in through without MFA (only its result is exported).",
    },
];
