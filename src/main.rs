//! The `rpccheck` binary: parse, run on a tokio runtime, exit with the code
//! CLI.md assigns. All the work is in the library.

use std::process::ExitCode;

use eyre::WrapErr;

fn main() -> ExitCode {
    let invocation = match rpccheck::cli::parse(std::env::args_os()) {
        Ok(inv) => inv,
        Err(code) => return ExitCode::from(code),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .wrap_err("cannot start the async runtime");
    match runtime {
        Ok(rt) => ExitCode::from(rt.block_on(invocation.run())),
        Err(report) => {
            eprintln!("rpccheck: {report:#}");
            ExitCode::from(4)
        }
    }
}
