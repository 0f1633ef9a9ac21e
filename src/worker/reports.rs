//! Answers to the report views: the core's analysis of one report, whole
//! (every list in it is bounded by the core, so the message stays small even
//! for millions of rows), and the report's rows over time when they are dated.

use mfa_lens_core::query::{self, Bucket, Query};
use mfa_lens_core::reports::{self, ReportId};

use super::loader::Loader;
use super::queries::timeline_charts;
use crate::protocol::FromWorker;

pub fn answer(loader: &Loader, id: ReportId) -> FromWorker {
    let report = reports::report(&loader.workspace, id);
    // Fraud reports come from several datasets and server status has no
    // dates: neither gets a timeline.
    let timeline = match id {
        ReportId::MfaServer | ReportId::Blocked | ReportId::Bypassed => {
            let all = query::run(
                &loader.workspace,
                &Query {
                    dataset: id.dataset(),
                    ..Query::default()
                },
            );
            let t = query::timeline(&loader.workspace, &all, Bucket::Auto);
            Some(timeline_charts(&t)).filter(|c| !c.points.is_empty())
        }
        _ => None,
    };
    FromWorker::Report {
        report: Box::new(report),
        timeline,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mfa_lens_core::query::CALL_OUTCOMES;

    #[test]
    fn the_activity_answer_carries_its_report_and_a_timeline_by_outcome() {
        let mut loader = Loader::default();
        loader.workspace.load(
            "activity.csv",
            include_bytes!(
                "../../crates/mfa-lens-core/tests/fixtures/kinds/mfa_server_activity.csv"
            ),
        );
        let FromWorker::Report { report, timeline } = answer(&loader, ReportId::MfaServer) else {
            panic!("not a report answer");
        };
        assert_eq!(report.id(), ReportId::MfaServer);
        let timeline = timeline.expect("dated rows");
        assert_eq!(timeline.series, CALL_OUTCOMES.map(String::from));
        let rows: u64 = timeline.points.iter().flat_map(|p| p.counts.iter()).sum();
        assert_eq!(rows, 17);
        // Server status has no dates to chart.
        let FromWorker::Report { timeline, .. } = answer(&loader, ReportId::ServerStatus) else {
            panic!("not a report answer");
        };
        assert!(timeline.is_none());
    }
}
