//! Helpers shared by the integration tests (one place: the binary under
//! test, and `.npy` files written byte by byte).
#![allow(dead_code)] // each test file uses a subset

use assert_cmd::Command;

/// The `infocert` binary under test.
pub fn infocert() -> Command {
    Command::cargo_bin("infocert").expect("binary")
}

/// Standard output and exit code of one run.
pub fn stdout_of(args: &[&str]) -> (String, i32) {
    let out = infocert().args(args).output().expect("runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// A version-1 `.npy` file with this header dict and data (the header is
/// padded to a multiple of 64 bytes, as numpy writes it).
pub fn npy(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut header = dict.to_string();
    while (10 + header.len() + 1) % 64 != 0 {
        header.push(' ');
    }
    header.push('\n');
    let mut b = b"\x93NUMPY\x01\x00".to_vec();
    b.extend_from_slice(&(header.len() as u16).to_le_bytes());
    b.extend_from_slice(header.as_bytes());
    b.extend_from_slice(data);
    b
}

/// Little-endian bytes of doubles.
pub fn f64s_le(xs: &[f64]) -> Vec<u8> {
    xs.iter().flat_map(|x| x.to_le_bytes()).collect()
}
