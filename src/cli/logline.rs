//! The `replica` field `serve` adds to every log line and access-log entry, so the
//! logs of several servers on one store can be merged and still tell who said what.
//!
//! A wrapper around the usual event formatter: JSON lines get `"replica":"NAME"` as
//! their first key; text lines end with ` replica=NAME` (on a colour terminal the
//! field comes first, since the colour codes are only written to the terminal
//! itself).

use std::fmt;

use tracing::{Event, Subscriber};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::registry::LookupSpan;

/// An event formatter that adds the replica's name to what `inner` writes.
pub struct WithReplica<F> {
    inner: F,
    /// `"replica":"NAME",` for JSON, `replica=NAME` for text.
    field: String,
    json: bool,
}

impl<F> WithReplica<F> {
    /// Wraps `inner`, which writes JSON objects (`json`) or text lines.
    pub fn new(inner: F, replica: &str, json: bool) -> WithReplica<F> {
        let field = match json {
            // A string always serialises; the fallback is never used.
            true => format!(
                "\"replica\":{},",
                serde_json::to_string(replica).unwrap_or_else(|_| "\"?\"".into())
            ),
            false => format!("replica={}", text_value(replica)),
        };
        WithReplica { inner, field, json }
    }
}

/// A text value as tracing's text format writes one: quoted when it has spaces.
fn text_value(v: &str) -> String {
    match v.contains(|c: char| c.is_whitespace() || c == '"' || c == '=') {
        true => format!("{v:?}"),
        false => v.to_string(),
    }
}

impl<S, N, F> FormatEvent<S, N> for WithReplica<F>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
    F: FormatEvent<S, N>,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        if !self.json && writer.has_ansi_escapes() {
            write!(writer, "{} ", self.field)?;
            return self.inner.format_event(ctx, writer, event);
        }
        let mut line = String::with_capacity(256);
        self.inner
            .format_event(ctx, Writer::new(&mut line), event)?;
        let body = line.strip_suffix('\n').unwrap_or(&line);
        match (self.json, body.strip_prefix('{')) {
            (true, Some(rest)) => writeln!(writer, "{{{}{rest}", self.field),
            _ => writeln!(writer, "{body} {}", self.field.trim_end_matches(',')),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_values_with_spaces_are_quoted() {
        assert_eq!(text_value("a:5000"), "a:5000");
        assert_eq!(text_value("rack 1"), "\"rack 1\"");
    }
}
