# Doxygen's input filter for mockbn's headers: it turns the headers' plain
# comments into documentation, so the sources keep one comment style.
#
#   the opening block (up to #pragma once)   -> the file's documentation
#   a comment block right before a declaration at namespace or class scope
#                                            -> that declaration's documentation
#   a trailing comment after a member ending in ';' at such a scope
#                                            -> that member's documentation (///<)
# Comments inside function bodies stay plain. Lines indented by three or more
# spaces in a comment (tables, formulas) become code blocks, as written.
# Every line is written out, so Doxygen's line numbers match the header's.

function indent_of(line) { match(line, /^[ \t]*/); return RLENGTH }

# Counts the braces a code line opens and closes, outside strings and
# comments, and records for each opened one whether it is a scope (namespace,
# class, struct, union, enum) or a body.
function track_braces(line,    code, i, c, names_scope, opened_scope) {
    code = line
    gsub(/"([^"\\]|\\.)*"/, "\"\"", code)
    gsub(/'([^'\\]|\\.)*'/, "''", code)
    sub(/\/\/.*$/, "", code)
    names_scope = code ~ /(^|[ \t])(namespace|class|struct|union|enum)([ \t]|$)/
    opened_scope = (names_scope || pending_scope) && code !~ /\(/
    # A declaration whose brace comes on a later line: template <class T>, a base list.
    if ((names_scope || pending_scope) && code !~ /[{;]/) pending_scope = 1
    for (i = 1; i <= length(code); ++i) {
        c = substr(code, i, 1)
        if (c == "{") { scope[++depth] = opened_scope; pending_scope = 0 }
        else if (c == "}" && depth > 0) --depth
    }
    if (code ~ /;[ \t]*$/) pending_scope = 0
}

function at_scope(    k) {
    for (k = 1; k <= depth; ++k) if (!scope[k]) return 0
    return 1
}

# Escapes, outside `code spans`, what Doxygen would read as markup: < and >
# (transform<P> is C++, not an HTML tag) and a leading :: (C's ::exp is not a
# link request).
function escape_markup(text,    out, i, c, in_code) {
    out = ""; in_code = 0
    for (i = 1; i <= length(text); ++i) {
        c = substr(text, i, 1)
        if (c == "`") in_code = !in_code
        if (!in_code && c == ":" && substr(text, i + 1, 1) == ":" && (i == 1 || substr(text, i - 1, 1) !~ /[A-Za-z0-9_>]/)) {
            out = out "\\::"; ++i; continue
        }
        out = out ((!in_code && (c == "<" || c == ">")) ? "\\" c : c)
    }
    return out
}

# An indented line after a blank one (a table, a formula) stays as written, a
# code block; an indented line after text continues it (a list item's).
function as_doc(line, marker,    text) {
    text = line
    sub(/^[ \t]*\/\/ ?/, "", text)
    if (text ~ /^  / && previous != "text") { text = "    " text; previous = "code" }
    else { previous = (text ~ /^[ \t]*$/) ? "blank" : "text"; text = escape_markup(text) }
    return substr(line, 1, indent_of(line)) marker " " text
}

function flush_comments(next_line,    k, documents) {
    documents = held > 0 && at_scope() && next_line !~ /^[ \t]*$/ && next_line !~ /^[ \t]*[#}]/ &&
                indent_of(next_line) == indent_of(comment[1])
    previous = "blank"
    for (k = 1; k <= held; ++k) print (documents ? as_doc(comment[k], "///") : comment[k])
    held = 0
}

BEGIN { in_opening = 1; depth = 0; held = 0; previous = "blank" }

in_opening {
    if ($0 ~ /^#pragma once/) { in_opening = 0; print; next }
    if ($0 ~ /^\/\/ mockbn\/.*\.hpp$/) { print "/// \\file"; next }
    if ($0 ~ /^\/\//) { print as_doc($0, "///"); next }
    print; next
}

/^[ \t]*\/\// { comment[++held] = $0; next }

{
    flush_comments($0)
    line = $0
    if (at_scope() && line ~ /;[ \t]*\/\/ / && line !~ /"[^"]*\/\/[^"]*"/) {
        head = line; sub(/[ \t]*\/\/ .*$/, "", head)
        note = line; sub(/^.*;[ \t]*\/\/ /, "", note)
        line = head "  ///< " note
    }
    track_braces($0)
    print line
}

END { flush_comments("") }
