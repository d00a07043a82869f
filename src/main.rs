//! The `rpccheck` binary: parse, run on a tokio runtime, exit with the code
//! CLI.md assigns. All the work is in the library.

use std::process::ExitCode;

use eyre::WrapErr;

fn main() -> ExitCode {
    // A bug must still end in one line and a CLI.md exit code (4: nothing was
    // decided), never a stack trace.
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_owned());
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("rpccheck: internal error: {what}{at} (a bug: please report it)");
        std::process::exit(rpccheck::report::ExitStatus::Inconclusive as i32);
    }));
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
