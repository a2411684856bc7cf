//! `undex serve`: owned by the endpoint work (placeholder arguments until then).

/// Arguments of `undex serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: String,
}
