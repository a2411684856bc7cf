//! The README's table of tuning constants stays true: every listed constant is declared in the
//! listed file with the listed value.

use std::path::Path;

/// (name, value, file) of each row of the table under "### Tuning constants".
fn table_rows(readme: &str) -> Vec<(String, String, String)> {
    let section = readme
        .split("### Tuning constants")
        .nth(1)
        .expect("README has a \"### Tuning constants\" section");
    let section = section.split("\n#").next().unwrap_or(section);
    section
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let unquote = |c: &str| c.trim_matches('`').to_string();
            (unquote(cells[1]), unquote(cells[2]), unquote(cells[3]))
        })
        .collect()
}

#[test]
fn every_listed_tuning_constant_is_in_its_file_with_its_value() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let rows = table_rows(&readme);
    assert!(rows.len() >= 40, "the table lost rows: {}", rows.len());
    let mut wrong = Vec::new();
    for (name, value, file) in &rows {
        let source = std::fs::read_to_string(root.join(file))
            .unwrap_or_else(|e| panic!("{file} (row {name}): {e}"));
        let declared = source.lines().any(|line| {
            let line = line.trim_start();
            let Some((_, after)) = line.split_once(&format!("const {name}: ")) else {
                return false;
            };
            after
                .split_once(" = ")
                .is_some_and(|(_, v)| v.trim_end_matches(';').trim() == value)
        });
        if !declared {
            wrong.push(format!("{name} = {value} in {file}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "README tuning table out of date: {wrong:?}"
    );
}

#[test]
fn the_table_reader_sees_a_wrong_row() {
    let readme = "### Tuning constants\n\n| name | value | file | how |\n|---|---|---|---|\n\
                  | `X` | `1.0` | `src/lib.rs` | test |\n\n### Next\n| `Y` | `2` | `a` | b |\n";
    assert_eq!(
        table_rows(readme),
        [("X".to_string(), "1.0".to_string(), "src/lib.rs".to_string())]
    );
}
