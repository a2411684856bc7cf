//! The `undex` command line: a thin layer over the library (see CONTRACT.md).
fn main() {}
