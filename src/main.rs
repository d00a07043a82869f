//! The `rpccheck` binary: parse, run on a tokio runtime, exit with the code
//! CLI.md assigns. All the work is in the library.

use std::process::ExitCode;

use eyre::WrapErr;

fn main() -> ExitCode {
    let invocation = match rpccheck::cli::parse(std::env::args_os()) {
        Ok(inv) => inv,
        Err(status) => return status.into(),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .wrap_err("cannot start the async runtime");
    match runtime {
        Ok(rt) => rt.block_on(invocation.run()).into(),
        Err(report) => {
            eprintln!("rpccheck: {report:#}");
            rpccheck::report::ExitStatus::Inconclusive.into()
        }
    }
}
