//! Draws the library's progress events ([`undex::progress::Progress`]) on stderr: a bar while
//! indexing or crawling (indicatif hides it when stderr is not a terminal), then the build summary
//! and the skipped documents as lines.

use std::sync::{Arc, Mutex};
use undex::BuildReport;
use undex::progress::{Progress, ProgressFn};

/// The bar of the operation in progress, created on its first event.
#[derive(Default)]
pub struct StderrProgress {
    bar: Mutex<Option<indicatif::ProgressBar>>,
}

impl StderrProgress {
    /// A printer to hand to the library.
    pub fn callback() -> Arc<ProgressFn> {
        let printer = StderrProgress::default();
        Arc::new(move |event: &Progress<'_>| printer.show(event))
    }

    pub fn show(&self, event: &Progress<'_>) {
        let mut bar = self.bar.lock().unwrap_or_else(|p| p.into_inner());
        match *event {
            Progress::Indexing { done, total } => {
                let pb = bar.get_or_insert_with(|| {
                    new_bar("indexing {bar:40} {pos}/{len} documents {msg}")
                });
                pb.set_length(total as u64);
                pb.set_position(done as u64);
                if done >= total {
                    pb.finish_and_clear();
                    *bar = None;
                }
            }
            Progress::Indexed(report) => {
                if let Some(pb) = bar.take() {
                    pb.finish_and_clear();
                }
                print_report(report);
            }
            Progress::Warning(message) => {
                if let Some(pb) = bar.as_ref() {
                    pb.suspend(|| eprintln!("undex: warning: {message}"));
                } else {
                    eprintln!("undex: warning: {message}");
                }
            }
            Progress::Crawling {
                done,
                total,
                current,
            } => {
                let pb = bar.get_or_insert_with(|| {
                    new_bar("{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} {msg}")
                });
                pb.set_length(total as u64);
                pb.set_position(done as u64);
                if let Some(current) = current {
                    pb.set_message(current.to_string());
                }
            }
            _ => {}
        }
    }

    /// Clears a bar still drawn (a crawl ends without a final event).
    pub fn finish(&self) {
        if let Some(pb) = self.bar.lock().unwrap_or_else(|p| p.into_inner()).take() {
            pb.finish_and_clear();
        }
    }
}

fn new_bar(template: &str) -> indicatif::ProgressBar {
    let pb =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
        pb.set_style(style);
    }
    pb
}

/// Prints a build summary (and the skipped documents) to stderr.
pub fn print_report(report: &BuildReport) {
    eprintln!("undex: {}", report.summary());
    for s in &report.skipped {
        eprintln!("undex: skipped {} ({}): {}", s.symbol, s.lang, s.reason);
    }
}
