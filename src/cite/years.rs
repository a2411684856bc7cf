//! The year of each Security Council resolution number, from the shipped table
//! `sc-resolution-years.csv` (first and last resolution number adopted in each year 1946-2025;
//! a copy of `../shared/data/sc-resolution-years.csv`). Resolution numbers are unique across
//! years, so "resolution 2734" completes to `S/RES/2734(2024)`.

use std::sync::LazyLock;

const TABLE_CSV: &str = include_str!("sc-resolution-years.csv");

/// How far past the first number of the last (still open) year a bare number is still completed.
const OPEN_YEAR_SPAN: u32 = 150;

/// One row: (year, first number, last number).
static TABLE: LazyLock<Vec<(u32, u32, u32)>> = LazyLock::new(|| parse_table(TABLE_CSV));

fn parse_table(csv: &str) -> Vec<(u32, u32, u32)> {
    let mut rows = Vec::new();
    for line in csv.lines().skip(1) {
        let mut fields = line.split(',').map(str::trim);
        let (Some(year), Some(first)) = (fields.next(), fields.next()) else {
            continue;
        };
        let (Ok(year), Ok(first)) = (year.parse::<u32>(), first.parse::<u32>()) else {
            continue;
        };
        let last = fields
            .next()
            .and_then(|l| l.parse::<u32>().ok())
            .unwrap_or(first + OPEN_YEAR_SPAN);
        rows.push((year, first, last));
    }
    rows.sort_by_key(|r| r.1);
    rows
}

/// The year Security Council resolution `number` was adopted, from the shipped table; `None`
/// for 0 or numbers beyond the table.
pub fn resolution_year(number: u32) -> Option<u32> {
    let table = &*TABLE;
    let idx = table.partition_point(|&(_, first, _)| first <= number);
    let &(year, first, last) = table.get(idx.checked_sub(1)?)?;
    (first..=last).contains(&number).then_some(year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_table_lookups() {
        let table = [
            (1, Some(1946)),
            (15, Some(1946)),
            (16, Some(1947)),
            (242, Some(1967)),
            (1267, Some(1999)),
            (1373, Some(2001)),
            (2395, Some(2017)),
            (2396, Some(2017)),
            (2734, Some(2024)),
            (2768, Some(2025)),
            (0, None),
            (99_999, None),
        ];
        for (number, year) in table {
            assert_eq!(resolution_year(number), year, "{number}");
        }
    }

    #[test]
    fn table_covers_every_year() {
        assert_eq!(TABLE.len(), 80);
        for pair in TABLE.windows(2) {
            assert_eq!(pair[0].2 + 1, pair[1].1, "gap after {}", pair[0].0);
        }
    }
}
