//! Serving a router on a TCP listener: accept connections, and on the shutdown signal stop
//! accepting, let in-flight requests finish (up to a drain limit), then return.

use axum::Router;
use axum::serve::ListenerExt;
use std::future::{Future, IntoFuture};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Notify;

/// Serves `app` on `listener` until `shutdown` completes, then stops accepting connections
/// and waits for in-flight requests to finish, for at most `drain` (after which remaining
/// connections are dropped and the function returns).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
    drain: Duration,
) -> std::io::Result<()> {
    let listener = listener.tap_io(|tcp| {
        // Small JSON answers should leave at once, not wait for Nagle's algorithm.
        let _ = tcp.set_nodelay(true);
    });
    let draining = Arc::new(Notify::new());
    let signal_draining = draining.clone();
    let server = axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown.await;
            tracing::info!("shutting down: no new connections, finishing in-flight requests");
            signal_draining.notify_one();
        })
        .into_future();
    tokio::select! {
        result = server => result,
        _ = async { draining.notified().await; tokio::time::sleep(drain).await } => {
            tracing::warn!(drain_ms = drain.as_millis() as u64, "in-flight requests did not finish in time; closing");
            Ok(())
        }
    }
}

/// Completes on Ctrl-C (SIGINT) or, on Unix, SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut sigterm) => {
                sigterm.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
