//! The JSON HTTP endpoint (`undex serve`): a thin axum layer that parses requests, calls the
//! library on a blocking pool, serializes the contract's JSON and maps errors in one table.
