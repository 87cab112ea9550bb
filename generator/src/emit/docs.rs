//! Doc comments: spec descriptions made safe for rustdoc (Markdown that
//! renders as the spec meant it, without doctests or warnings), mixed with
//! the generator's own Markdown, whose intra-doc links must stay links.
//! [`Docs`] is the one builder of both.

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};

/// The paragraphs of a doc comment, in order.
#[derive(Debug, Default)]
pub(crate) struct Docs {
    paragraphs: Vec<String>,
}

impl Docs {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// A paragraph made safe by [`sanitize`], if present and not blank:
    /// the spec's text, or the generator's text quoting it.
    pub(crate) fn spec(mut self, text: Option<&str>) -> Self {
        if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
            self.paragraphs.push(sanitize(text));
        }
        self
    }

    /// A paragraph the generator wrote, as it is (intra-doc links allowed).
    pub(crate) fn own(mut self, text: impl Into<String>) -> Self {
        self.paragraphs.push(text.into());
        self
    }

    /// `#[doc = "..."]` attributes, paragraphs separated by blank lines.
    pub(crate) fn tokens(&self) -> TokenStream {
        own_doc_attrs(&self.paragraphs.join("\n\n"))
    }
}

/// The [`Docs`] of paragraphs all made safe ([`Docs::spec`]), absent ones skipped.
pub(crate) fn doc_paragraphs<'a>(paragraphs: impl IntoIterator<Item = Option<&'a str>>) -> TokenStream {
    paragraphs.into_iter().fold(Docs::new(), Docs::spec).tokens()
}

/// Spec text inside a list item: made safe, continuation lines indented so
/// they stay in the item.
pub(crate) fn list_item_text(text: &str) -> String {
    sanitize(text).lines().filter(|l| !l.trim().is_empty()).collect::<Vec<_>>().join("\n  ")
}

/// Text for inside a code span.
pub(crate) fn code(text: &str) -> String {
    text.replace('`', "'")
}

/// Inner `#![doc = "..."]` attributes for a module or crate.
pub(crate) fn inner_doc_attrs(text: &str) -> TokenStream {
    doc_attrs(text, true)
}

/// `#[doc = "..."]` attributes for text the generator writes itself, as
/// it is (intra-doc links included); spec text goes through [`Docs::spec`].
pub(crate) fn own_doc_attrs(text: &str) -> TokenStream {
    doc_attrs(text, false)
}

/// A doc attribute per line of `text` (inner ones if `inner`), each line
/// after a space, as `///` comments have it. Docs are a third of a large
/// API's code: the tokens are pushed, not quoted line by line.
fn doc_attrs(text: &str, inner: bool) -> TokenStream {
    let mut tokens = TokenStream::new();
    let mut spaced = String::new();
    for line in text.lines() {
        let line = line.trim_end();
        spaced.clear();
        if !line.is_empty() {
            spaced.push(' ');
            spaced.push_str(line);
        }
        let attr = TokenStream::from_iter([
            TokenTree::Ident(Ident::new("doc", Span::call_site())),
            TokenTree::Punct(Punct::new('=', Spacing::Alone)),
            TokenTree::Literal(doc_literal(&spaced)),
        ]);
        tokens.extend([TokenTree::Punct(Punct::new('#', Spacing::Alone))]);
        if inner {
            tokens.extend([TokenTree::Punct(Punct::new('!', Spacing::Alone))]);
        }
        tokens.extend([TokenTree::Group(Group::new(Delimiter::Bracket, attr))]);
    }
    tokens
}

/// `line` as a doc attribute's string literal, raw (`r"..."`, `r#"..."#`)
/// where prettyplease prints it as the `///` comment it would print for an
/// escaped one: neither writing it nor reading it back for printing then
/// goes character by character through escapes. Text that prettyplease
/// prints as the attribute itself (over several lines, or starting with
/// `/`), or with a carriage return (which a raw string cannot hold), is
/// escaped.
pub(crate) fn doc_literal(line: &str) -> Literal {
    if line.contains(['\n', '\r']) || line.starts_with('/') {
        return Literal::string(line);
    }
    let after_quotes = line.match_indices('"').map(|(at, _)| &line[at + 1..]);
    let hashes = after_quotes.map(|after| after.len() - after.trim_start_matches('#').len() + 1).max().unwrap_or(0);
    // Written out rather than formatted: there is one of these per doc line.
    let mut raw = String::with_capacity(line.len() + 2 * hashes + 3);
    raw.push('r');
    raw.extend(std::iter::repeat_n('#', hashes));
    raw.push('"');
    raw.push_str(line);
    raw.push('"');
    raw.extend(std::iter::repeat_n('#', hashes));
    raw.parse().unwrap_or_else(|_| Literal::string(line))
}

/// Make spec Markdown safe for rustdoc:
/// - fenced code blocks are marked `text`, so rustdoc does not compile them;
/// - tabs become four spaces (clippy's `tabs_in_doc_comments`);
/// - indentation outside fences is dropped, so it is not an (also
///   compiled) indented code block;
/// - outside code, bare URLs become autolinks, and `<`, `>`, `[`, `]` are
///   escaped unless they form an autolink or a Markdown link, so rustdoc
///   sees neither HTML tags nor intra-doc links;
/// - a block quote keeps its `>` markers, and a line that lazily continues
///   it (or a list item in it) gets its marker (and indentation), as
///   clippy's `doc_lazy_continuation` asks.
pub(crate) fn sanitize(text: &str) -> String {
    // Tabs (in code samples, mostly) as four spaces, as clippy asks of doc comments.
    let text = text.replace('\t', "    ");
    let mut out = Vec::new();
    let mut in_fence = false;
    // The content column of the list item the current paragraph continues.
    let mut item: Option<usize> = None;
    // The block quote the current paragraph is in, if any.
    let mut quote: Option<Quote> = None;
    for line in text.trim().lines() {
        let trimmed = line.trim_start();
        if !in_fence {
            let quoted = quote_markers(trimmed);
            if quoted.is_some() || (quote.is_some() && !trimmed.is_empty()) {
                let (depth, content) = quoted.unwrap_or((quote.as_ref().map_or(1, |q| q.depth), trimmed));
                let quote = quote.get_or_insert(Quote { depth, item: None });
                // A quote of another depth holds no list item of this one.
                if quote.depth != depth {
                    *quote = Quote { depth, item: None };
                }
                out.push(quote.line(content.trim_end()));
                continue;
            }
            quote = None;
            if trimmed.is_empty() {
                item = None;
            } else if let Some(width) = continuation(&mut item, trimmed) {
                // A lazy continuation of a list item, indented as the item's
                // text is (what Markdown means, and what clippy asks for).
                out.push(format!("{}{}", " ".repeat(width), escape_inline(trimmed.trim_end())));
                continue;
            }
        }
        // A backtick fence's info string has no backtick: "```a``` b" is a code span.
        let fence_line = trimmed.starts_with("~~~")
            || (trimmed.starts_with("```") && !trimmed.trim_start_matches('`').contains('`'));
        if fence_line {
            let fence = &trimmed[..3];
            if in_fence {
                out.push(fence.to_owned());
            } else {
                out.push(format!("{fence}text"));
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.trim_end().to_owned());
        } else {
            out.push(escape_inline(trimmed.trim_end()));
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    out.join("\n")
}

/// A block quote in progress.
struct Quote {
    /// How many `>` its lines start with.
    depth: usize,
    /// The content column of the list item inside it its paragraph continues.
    item: Option<usize>,
}

impl Quote {
    /// A line of it, `content` without its markers: marked (again, when
    /// it continued the quote lazily) and escaped, a list item's lazy
    /// continuation indented.
    fn line(&mut self, content: &str) -> String {
        let markers = vec![">"; self.depth].join(" ");
        if content.is_empty() {
            self.item = None;
            return markers;
        }
        let indent = continuation(&mut self.item, content).unwrap_or(0);
        format!("{markers} {}{}", " ".repeat(indent), escape_inline(content))
    }
}

/// The `>` markers a line starts with (spaces between them allowed) and
/// the rest of it, unless it is no block quote line.
fn quote_markers(line: &str) -> Option<(usize, &str)> {
    let mut rest = line.strip_prefix('>')?;
    let mut depth = 1;
    loop {
        let after = rest.trim_start_matches(' ');
        match after.strip_prefix('>') {
            Some(deeper) => {
                depth += 1;
                rest = deeper;
            }
            None => return Some((depth, after)),
        }
    }
}

/// For a line of a paragraph (not empty): the indentation that makes it
/// the lazy continuation of the list item `item` holds (the item's text
/// column); `None` when it starts a list item, which `item` then holds, or
/// continues none.
fn continuation(item: &mut Option<usize>, line: &str) -> Option<usize> {
    match list_marker_len(line) {
        Some(width) => {
            *item = Some(width);
            None
        }
        None => *item,
    }
}

/// The width of a list item's marker with the spaces after it (`- `,
/// `*   `, `1. `, `12) `): the column its text, and so its continuation
/// lines, start at. `None` when the line starts no list item.
fn list_marker_len(line: &str) -> Option<usize> {
    let marker = if line.len() > 1 && matches!(line.as_bytes()[0], b'-' | b'*' | b'+') {
        1
    } else {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        (1..=9).contains(&digits).then_some(())?;
        matches!(line.as_bytes().get(digits), Some(b'.' | b')')).then_some(digits + 1)?
    };
    let spaces = line[marker..].bytes().take_while(|b| *b == b' ').count();
    // CommonMark: one to four spaces belong to the marker; more start an
    // indented code block inside the item, whose text column is one space in.
    match spaces {
        0 => None,
        1..=4 => Some(marker + spaces),
        _ => Some(marker + 1),
    }
}

/// Escape one line of Markdown outside code spans.
fn escape_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while !rest.is_empty() {
        // Code spans are copied untouched.
        if rest.starts_with('`') {
            let ticks = rest.len() - rest.trim_start_matches('`').len();
            let fence = &rest[..ticks];
            if let Some(end) = rest[ticks..].find(fence) {
                let span = ticks + end + ticks;
                out.push_str(&rest[..span]);
                rest = &rest[span..];
                continue;
            }
            // Backticks that close nothing are text, not an open code span.
            out.push_str(&"\\`".repeat(ticks));
            rest = &rest[ticks..];
            continue;
        }
        if let Some(len) = autolink_len(rest) {
            out.push_str(&rest[..len]);
            rest = &rest[len..];
            continue;
        }
        if let Some(len) = markdown_link_len(rest) {
            out.push_str(&rest[..len]);
            rest = &rest[len..];
            continue;
        }
        if let Some(len) = bare_url_len(rest) {
            let url = &rest[..len];
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[len..];
            continue;
        }
        // Up to the next character a rule above (or below) starts at, text is copied as it is.
        // (They are ASCII: a byte search finds them, and slicing there keeps whole characters.)
        let plain =
            rest.bytes().position(|b| matches!(b, b'`' | b'<' | b'>' | b'[' | b']' | b'h')).unwrap_or(rest.len());
        if plain > 0 {
            out.push_str(&rest[..plain]);
            rest = &rest[plain..];
            continue;
        }
        let c = rest.chars().next().unwrap_or_default();
        match c {
            '<' | '>' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// `<http...>` already written as an autolink.
fn autolink_len(s: &str) -> Option<usize> {
    let inner = s.strip_prefix('<')?;
    if !(inner.starts_with("http://") || inner.starts_with("https://")) {
        return None;
    }
    let end = inner.find(['>', ' '])?;
    (inner.as_bytes()[end] == b'>').then_some(end + 2)
}

/// `[text](http...)`: a Markdown link to a URL.
fn markdown_link_len(s: &str) -> Option<usize> {
    let inner = s.strip_prefix('[')?;
    let close = inner.find(']')?;
    let after = inner[close + 1..].strip_prefix("(http")?;
    let end = after.find(')')?;
    if inner[..close].contains(['[', '<', '>']) || after[..end].contains(' ') {
        return None;
    }
    Some(1 + close + 1 + "(http".len() + end + 1)
}

/// A bare `http(s)://...` URL, without trailing punctuation.
fn bare_url_len(s: &str) -> Option<usize> {
    if !(s.starts_with("http://") || s.starts_with("https://")) {
        return None;
    }
    let end = s.find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')')).unwrap_or(s.len());
    let url = s[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']);
    Some(url.len())
}

#[cfg(test)]
mod tests {
    use proc_macro2::TokenStream;
    use syn::parse::Parser;

    use super::{Docs, doc_literal, inner_doc_attrs, list_item_text, sanitize};

    /// The text of each doc attribute of `tokens`, as rustdoc reads it.
    fn doc_lines(tokens: TokenStream, inner: bool) -> Vec<String> {
        let parse = if inner { syn::Attribute::parse_inner } else { syn::Attribute::parse_outer };
        let attrs = parse.parse2(tokens).expect("attributes");
        let value = |attr: &syn::Attribute| match &attr.meta {
            syn::Meta::NameValue(syn::MetaNameValue {
                path,
                value: syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. }),
                ..
            }) if path.is_ident("doc") => text.value(),
            _ => panic!("not a doc attribute"),
        };
        attrs.iter().map(value).collect()
    }

    #[test]
    fn own_text_keeps_links_and_spec_text_is_escaped() {
        let docs = Docs::new().spec(Some("Returns a [thing] <b>")).own("See [`Client::get`].").spec(None).tokens();
        assert_eq!(doc_lines(docs, false), [r" Returns a \[thing\] \<b\>", "", " See [`Client::get`]."]);
        assert_eq!(doc_lines(inner_doc_attrs("Module.\n\nMore."), true), [" Module.", "", " More."]);
    }

    #[test]
    fn doc_lines_are_raw_literals_that_read_back_as_written() {
        let cases = [
            ("plain", r#"r"plain""#),
            (r#"say "hi""#, r##"r#"say "hi""#"##),
            (r###"a "# and "## b"###, r####"r###"a "# and "## b"###"####),
            (r"back\slash", r#"r"back\slash""#),
            ("", r#"r"""#),
        ];
        for (line, literal) in cases {
            let written = doc_literal(line);
            assert_eq!(written.to_string(), literal);
            let read: syn::LitStr = syn::parse2(quote::quote!(#written)).expect("a string literal");
            assert_eq!(read.value(), line);
        }
        // A raw string cannot hold a carriage return, and prettyplease prints
        // what is no `///` line as the literal itself: those are escaped.
        assert_eq!(doc_literal("a\rb").to_string(), r#""a\rb""#);
        assert_eq!(doc_literal("a\nb").to_string(), r#""a\nb""#);
        assert_eq!(doc_literal("/a").to_string(), r#""/a""#);
    }

    #[test]
    fn list_items_continue_on_indented_lines() {
        assert_eq!(list_item_text("first\n\nsecond [x]"), "first\n  second \\[x\\]");
    }

    #[test]
    fn markdown_is_made_safe() {
        let cases = [
            ("Send `Authorization: Api-Key <key>`.", "Send `Authorization: Api-Key <key>`."),
            ("Send Api-Key <key> here", "Send Api-Key \\<key\\> here"),
            ("See https://example.com/docs.", "See <https://example.com/docs>."),
            ("See <https://example.com>", "See <https://example.com>"),
            ("See [the docs](https://example.com/a).", "See [the docs](https://example.com/a)."),
            ("a [b] c", "a \\[b\\] c"),
            ("naïve [b] — façade <é>", "naïve \\[b\\] — façade \\<é\\>"),
            ("```\nlet x = 1;\n```", "```text\nlet x = 1;\n```"),
            ("```python\nx = 1\n```", "```text\nx = 1\n```"),
            ("```\nif x:\n\tgo()\n```", "```text\nif x:\n    go()\n```"),
            ("a\tb", "a    b"),
            ("*   one\ntwo\n*  three", "*   one\n    two\n*  three"),
            ("10)  ten\neleven", "10)  ten\n     eleven"),
            ("Path:\n    org (str): id", "Path:\norg (str): id"),
            ("open fence\n```\ncode", "open fence\n```text\ncode\n```"),
            ("  \n", ""),
            (
                "Keys:\n- signup :\nif the user\nsays so\n\nAfter",
                "Keys:\n- signup :\n  if the user\n  says so\n\nAfter",
            ),
            ("1. one\nmore\n12. twelve\nmore", "1. one\n   more\n12. twelve\n    more"),
            ("-1 is not a list\nnext", "-1 is not a list\nnext"),
            ("a `b` and ` alone", "a `b` and \\` alone"),
            ("```inline``` text\nmore", "```inline``` text\nmore"),
            (
                "> [!NOTE]\n> This returns an `upload_url`.\nlazily <here>\n\nAfter > this",
                "> \\[!NOTE\\]\n> This returns an `upload_url`.\n> lazily \\<here\\>\n\nAfter \\> this",
            ),
            (">> deep\n> - item\nmore\n>\n> plain", "> > deep\n> - item\n>   more\n>\n> plain"),
            ("> - item\n>> deeper\nlazy", "> - item\n> > deeper\n> > lazy"),
            ("```\n> code\n```", "```text\n> code\n```"),
        ];
        for (input, expected) in cases {
            assert_eq!(sanitize(input), expected, "sanitize({input:?})");
        }
    }
}
