//! Every threshold of the rules, with the defaults the issue fixed.
//!
//! The page sends a [`FindingSettings`] to its worker when someone moves a
//! slider, and keeps it in the URL hash; the CLI builds one from its flags.
//! Each field is named in [`super::RULES`] by its path (`mfa_fatigue.min_prompts`),
//! which [`FindingSettings::value`] and [`FindingSettings::set`] read and write, so
//! the Reference table, the CLI flags and the struct cannot drift apart.

use serde::{Deserialize, Serialize};

/// `mfa-fatigue` thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FatigueSettings {
    /// Rejected prompts an episode needs to be a finding.
    pub min_prompts: u32,
    /// A pause longer than this (minutes) between two rejected prompts ends an episode.
    pub gap_minutes: u32,
    /// A success this long (minutes) after the last prompt still counts as the
    /// prompt having been approved.
    pub approval_window_minutes: u32,
}

impl Default for FatigueSettings {
    fn default() -> Self {
        FatigueSettings {
            min_prompts: 5,
            gap_minutes: 10,
            approval_window_minutes: 60,
        }
    }
}

/// `code-guessing` thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CodeGuessingSettings {
    /// Wrong codes within the window that make a finding.
    pub min_codes: u32,
    /// The window (minutes) the wrong codes must fall in.
    pub window_minutes: u32,
    /// A success this long (minutes) after the last wrong code raises the
    /// finding to `high`.
    pub success_window_minutes: u32,
}

impl Default for CodeGuessingSettings {
    fn default() -> Self {
        CodeGuessingSettings {
            min_codes: 10,
            window_minutes: 10,
            success_window_minutes: 60,
        }
    }
}

/// `prompt-volume` thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PromptVolumeSettings {
    /// Prompts on the user's busiest day below which no finding is made.
    pub min_daily: u32,
    /// How many times the tenant's median busiest day a user's busiest day must reach.
    pub multiple: f64,
}

impl Default for PromptVolumeSettings {
    fn default() -> Self {
        PromptVolumeSettings {
            min_daily: 20,
            multiple: 3.0,
        }
    }
}

/// `block-lifted-after-fraud` threshold.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BlockLiftedSettings {
    /// An unblock or a bypass this long (hours) after a fraud report is a finding.
    pub window_hours: u32,
}

impl Default for BlockLiftedSettings {
    fn default() -> Self {
        BlockLiftedSettings { window_hours: 24 }
    }
}

/// Every threshold of every rule. `fraud-reported`, `admin-without-mfa` and
/// `single-factor-access` have none: any occurrence is a finding.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FindingSettings {
    pub mfa_fatigue: FatigueSettings,
    pub code_guessing: CodeGuessingSettings,
    pub prompt_volume: PromptVolumeSettings,
    pub block_lifted_after_fraud: BlockLiftedSettings,
}

impl FindingSettings {
    /// The threshold named `path` (`mfa_fatigue.min_prompts`, as
    /// [`super::RULES`] names them), as a number.
    pub fn value(&self, path: &str) -> Option<f64> {
        Some(match path {
            "mfa_fatigue.min_prompts" => f64::from(self.mfa_fatigue.min_prompts),
            "mfa_fatigue.gap_minutes" => f64::from(self.mfa_fatigue.gap_minutes),
            "mfa_fatigue.approval_window_minutes" => {
                f64::from(self.mfa_fatigue.approval_window_minutes)
            }
            "code_guessing.min_codes" => f64::from(self.code_guessing.min_codes),
            "code_guessing.window_minutes" => f64::from(self.code_guessing.window_minutes),
            "code_guessing.success_window_minutes" => {
                f64::from(self.code_guessing.success_window_minutes)
            }
            "prompt_volume.min_daily" => f64::from(self.prompt_volume.min_daily),
            "prompt_volume.multiple" => self.prompt_volume.multiple,
            "block_lifted_after_fraud.window_hours" => {
                f64::from(self.block_lifted_after_fraud.window_hours)
            }
            _ => return None,
        })
    }

    /// Sets the threshold named `path`; whole-number thresholds take the
    /// value rounded and clamped to their range. False for an unknown name or
    /// a value that is not a finite number ≥ 0.
    pub fn set(&mut self, path: &str, value: f64) -> bool {
        if !value.is_finite() || value < 0.0 {
            return false;
        }
        let whole = value.round().min(f64::from(u32::MAX)) as u32;
        let slot = match path {
            "prompt_volume.multiple" => {
                self.prompt_volume.multiple = value;
                return true;
            }
            "mfa_fatigue.min_prompts" => &mut self.mfa_fatigue.min_prompts,
            "mfa_fatigue.gap_minutes" => &mut self.mfa_fatigue.gap_minutes,
            "mfa_fatigue.approval_window_minutes" => &mut self.mfa_fatigue.approval_window_minutes,
            "code_guessing.min_codes" => &mut self.code_guessing.min_codes,
            "code_guessing.window_minutes" => &mut self.code_guessing.window_minutes,
            "code_guessing.success_window_minutes" => {
                &mut self.code_guessing.success_window_minutes
            }
            "prompt_volume.min_daily" => &mut self.prompt_volume.min_daily,
            "block_lifted_after_fraud.window_hours" => {
                &mut self.block_lifted_after_fraud.window_hours
            }
            _ => return false,
        };
        *slot = whole;
        true
    }
}
