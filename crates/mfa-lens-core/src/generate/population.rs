//! The invented tenant: its users, built once per generation run from the seed, so
//! that every file of a portal download (interactive, auth details, non-interactive,
//! MFA Server, registration) talks about the same people.

use super::rng::Rng;
use super::vocab::{FIRST_NAMES, LAST_NAMES, LOCATIONS, MFA_METHODS};

/// One invented person. Strings are built once here, never per row.
#[derive(Debug, Clone)]
pub struct User {
    pub upn: String,
    pub display: String,
    pub sam: String,
    pub first: String,
    pub last: String,
    pub id: [u8; 16],
    /// Index into `LOCATIONS` of where this user usually signs in from.
    pub home: usize,
    /// Last octet of the user's usual address inside the RFC 5737 ranges.
    pub ip: [u8; 4],
    /// Index into `MFA_METHODS` of the user's usual second factor.
    pub method: usize,
    /// Index into `CLIENTS` of the user's usual device.
    pub client: usize,
    pub registered: bool,
}

/// All users of the invented tenant.
#[derive(Debug, Clone)]
pub struct Population {
    pub users: Vec<User>,
    pub tenant: [u8; 16],
}

const DOC_NETS: [[u8; 3]; 3] = [[192, 0, 2], [198, 51, 100], [203, 0, 113]];

impl Population {
    /// `count` users (at least 1). Names are first.last, then first.last2, ... once
    /// the 3,600 combinations are used up.
    pub fn new(count: usize, seed: u64) -> Self {
        let count = count.max(1);
        let mut rng = Rng::derive(seed, 0x5EED_0001);
        let tenant = rng.guid();
        let combos = FIRST_NAMES.len() * LAST_NAMES.len();
        let method_weights: Vec<u32> = MFA_METHODS.iter().map(|m| m.1).collect();
        let users = (0..count)
            .map(|i| {
                // a fixed permutation-ish walk so neighbours do not share first names
                let k = (i % combos) * 1_231 % combos;
                let first = FIRST_NAMES[k % FIRST_NAMES.len()];
                let last = LAST_NAMES[k / FIRST_NAMES.len() % LAST_NAMES.len()];
                let round = i / combos;
                let suffix = if round == 0 {
                    String::new()
                } else {
                    (round + 1).to_string()
                };
                let sam = format!("{first}.{last}{suffix}");
                let display = format!("{} {}", capitalise(first), capitalise(last));
                let net = DOC_NETS[rng.below_usize(3)];
                User {
                    upn: format!("{sam}@contoso.com"),
                    display,
                    first: capitalise(first),
                    last: capitalise(last),
                    sam,
                    id: rng.guid(),
                    home: rng.skewed(LOCATIONS.len()),
                    ip: [net[0], net[1], net[2], 1 + rng.below(254) as u8],
                    method: rng.weighted(&method_weights),
                    client: rng.skewed(super::vocab::CLIENTS.len()),
                    registered: rng.chance(0.85),
                }
            })
            .collect();
        Population { users, tenant }
    }

    /// A user picked with a skew: a few people sign in far more often than most.
    pub fn pick(&self, rng: &mut Rng) -> &User {
        let i = rng.skewed(self.users.len());
        // spread the heavy users over the list instead of always the first names
        let spread = (i * 7_919) % self.users.len();
        &self.users[spread]
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A sensible default number of users for `rows` sign-ins: a few hundred for small
/// files, tens of thousands for the largest.
pub fn default_users(rows: u64) -> usize {
    (rows / 40).clamp(300, 50_000) as usize
}
