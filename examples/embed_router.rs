//! Embedding undex in another axum application: the undex routes (JSON API and search page)
//! are nested under `/undex`, next to the host application's own routes.
//!
//! ```text
//! cargo run --example embed_router -- [CORPUS] [INDEX] [ADDR]     # defaults: corpus index 127.0.0.1:3000
//! curl 'http://127.0.0.1:3000/undex/search?q=%E5%A4%96%E5%9B%BD%E6%81%90%E6%80%96%E4%B8%BB%E4%B9%89%E4%BD%9C%E6%88%98%E4%BA%BA%E5%91%98'
//! open http://127.0.0.1:3000/undex    (the search page calls /undex/search)
//! ```

use axum::Router;
use axum::routing::get;
use std::sync::Arc;
use std::time::Duration;
use undex::serve::{ServeOptions, router, run};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let corpus = args.next().unwrap_or_else(|| "corpus".into());
    let index = args.next().unwrap_or_else(|| "index".into());
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:3000".into());
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .init();

    // Opening may build the index: a blocking call, so keep it off the async threads.
    let engine = tokio::task::spawn_blocking(move || undex::Engine::open(corpus, index)).await??;
    let undex_routes = router(
        Arc::new(engine),
        ServeOptions {
            request_timeout: Duration::from_secs(5),
            ..ServeOptions::default()
        },
    );

    let app = Router::new()
        .route(
            "/",
            get(|| async { "the host application; undex lives under /undex/" }),
        )
        .nest("/undex", undex_routes);

    let listener = tokio::net::TcpListener::bind(&addr).await?;
    eprintln!(
        "host app on http://{}/ with undex at /undex/",
        listener.local_addr()?
    );
    run::serve(
        listener,
        app,
        run::shutdown_signal(),
        Duration::from_secs(10),
    )
    .await?;
    Ok(())
}
