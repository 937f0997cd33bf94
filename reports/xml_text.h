/* Making any text legal as XML 1.0 character data. XML 1.0 forbids most
 * control characters even as character references (&#1; is not well-formed),
 * so they cannot be escaped, only replaced. */
#ifndef FINRST_XML_TEXT_H
#define FINRST_XML_TEXT_H

/* A copy of `text` (to free) where each character XML 1.0 forbids (control
 * characters other than tab, newline and carriage return; U+FFFE, U+FFFF) is
 * written as the six characters "\u001B", and each byte that is not part of
 * valid UTF-8 becomes U+FFFD. NULL only when memory is exhausted. */
char *xml_text_legal(const char *text);

#endif
