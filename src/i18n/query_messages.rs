//! Messages of the query language, views and rules: (key, Indonesian, English).

pub const QUERY_MESSAGES: &[(&str, &str, &str)] = &[
    (
        "label.search_query_error",
        "Cari: {q} ({e})",
        "Search: {q} ({e})",
    ),
    ("st.notify", "Peringatan: {title}", "Alert: {title}"),
    (
        "st.notify_more",
        "Peringatan: {title} (+{n} lagi)",
        "Alert: {title} (+{n} more)",
    ),
    ("query.at", "posisi {pos}: {msg}", "at {pos}: {msg}"),
    (
        "query.unclosed_quote",
        "tanda kutip \" tidak ditutup",
        "the quote \" is not closed",
    ),
    (
        "query.unclosed_paren",
        "kurung ( tidak ditutup",
        "the parenthesis ( is not closed",
    ),
    (
        "query.unopened_paren",
        "kurung ) tanpa ( sebelumnya",
        "a ) with no ( before it",
    ),
    (
        "query.empty_parens",
        "kurung () kosong",
        "empty parentheses ()",
    ),
    (
        "query.lonely_or",
        "OR perlu sesuatu di kiri dan kanannya",
        "OR needs something on both sides",
    ),
    (
        "query.lonely_minus",
        "- perlu kata sesudahnya (tanpa spasi)",
        "- needs a word right after it (no space)",
    ),
    (
        "query.unknown_field",
        "{v} tidak dikenal (pakai title:, feed:, tag:, author:, place: atau since:)",
        "unknown {v} (use title:, feed:, tag:, author:, place: or since:)",
    ),
    (
        "query.empty_value",
        "{v} tanpa isi",
        "{v} with nothing after it",
    ),
    (
        "query.bad_since",
        "since:{v} tidak dimengerti (contoh: since:2d, since:12h, since:2026-12-01)",
        "since:{v} is not understood (e.g. since:2d, since:12h, since:2026-12-01)",
    ),
    (
        "query.unknown_place",
        "place:{v} bukan kabupaten/kota di Lampung",
        "place:{v} is not a kabupaten/kota of Lampung",
    ),
    (
        "query.too_complex",
        "kueri terlalu rumit",
        "the query is too complex",
    ),
    (
        "rules.test_total",
        "{n} artikel cocok",
        "{n} {n:article matches|articles match}",
    ),
    (
        "rules.none",
        "Tidak ada aturan ([[rules]] di config.toml)",
        "No rules ([[rules]] in config.toml)",
    ),
    (
        "rules.applied",
        "{query} -> {action}: {n} artikel",
        "{query} -> {action}: {n} {n:article|articles}",
    ),
    (
        "rules.notify_line",
        "Peringatan: {feed}: {title} {link}",
        "Alert: {feed}: {title} {link}",
    ),
];
