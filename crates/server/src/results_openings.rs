//! This replica's watch over the tenants' clocks for the performance service: once a second it
//! announces the stages whose results opened as time passed (real time for a tenant on real
//! time, or a clock the admin API moved), so that `performance.stage_task.open_result_v2` goes
//! out within about a second of the opening. Every replica runs one; the store lets one of them
//! announce each opening.

use std::time::Duration;

use openwork_performance::PerformanceService;
use openwork_platform::Platform;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// How often the clocks are looked at.
const EVERY: Duration = Duration::from_secs(1);

pub struct ResultsOpenings {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl ResultsOpenings {
    pub fn spawn(platform: Platform, performance: PerformanceService) -> Self {
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(run(platform, performance, stopped));
        Self { stop, task }
    }

    /// Finishes the announcement in hand, and stops.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        if let Err(err) = self.task.await {
            tracing::error!(%err, "the watch over results openings failed");
        }
    }
}

async fn run(
    platform: Platform,
    performance: PerformanceService,
    mut stopped: watch::Receiver<bool>,
) {
    while !*stopped.borrow() {
        if let Err(err) = performance
            .announce_opened_results(platform.real_now())
            .await
        {
            tracing::warn!(%err, "cannot announce the results that opened; trying again shortly");
        }
        tokio::select! {
            _ = stopped.changed() => {}
            () = tokio::time::sleep(EVERY) => {}
        }
    }
}
