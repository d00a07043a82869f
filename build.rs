//! Embeds the git commit in `rpccheck --version`, and the chain registry
//! (`src/registry/generated/chains.json`, about 1 MB of JSON) deflated, so the
//! binary carries the whole list in about an eighth of its size.

use std::io::Write;
use std::process::Command;

fn main() {
    deflate("src/registry/generated/chains.json", "chains.json.deflate");
    let commit = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown commit".into());
    let dirty = Command::new("git")
        .args(["status", "--porcelain", "--untracked-files=no"])
        .output()
        .ok()
        .is_some_and(|o| o.status.success() && !o.stdout.is_empty());
    println!(
        "cargo:rustc-env=RPCCHECK_GIT_COMMIT={commit}{}",
        if dirty { "-dirty" } else { "" }
    );
    println!("cargo:rerun-if-changed=.git/HEAD");
    println!("cargo:rerun-if-changed=.git/index");
}

/// Writes `src` deflated to `OUT_DIR/out`.
fn deflate(src: &str, out: &str) {
    println!("cargo:rerun-if-changed={src}");
    let text = std::fs::read(src).unwrap_or_else(|e| panic!("build.rs: {src}: {e}"));
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let path = std::path::Path::new(&dir).join(out);
    let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(&text).expect("deflate in memory");
    let bytes = enc.finish().expect("deflate in memory");
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("build.rs: {}: {e}", path.display()));
}
