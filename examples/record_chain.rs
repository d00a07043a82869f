//! Records what `rpccheck chain` gathers from an endpoint, as JSON, for the
//! unit tests in `fixtures/rpc/`:
//! `cargo run --example record_chain -- http://127.0.0.1:8545 > fixtures/rpc/x.json`

use rpccheck::chain::gather_chain;
use rpccheck::input::parse_block;
use rpccheck::rpc::{Endpoint, Rpc, TransportConfig};

#[tokio::main]
async fn main() -> eyre::Result<()> {
    let url = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "http://127.0.0.1:8545".into());
    let rpc = Rpc::connect(Endpoint::parse(&url)?, TransportConfig::default())?;
    let obs = gather_chain(&rpc, parse_block("latest")?).await?;
    println!("{}", serde_json::to_string_pretty(&obs)?);
    Ok(())
}
