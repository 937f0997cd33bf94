#include "reports/xml_text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Decodes one UTF-8 character at `s`: its code point and length, or length 0
 * for an invalid sequence (overlong, surrogate, beyond U+10FFFF, cut short). */
static size_t utf8_decode(const unsigned char *s, uint32_t *code)
{
	static const uint32_t smallest[] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t length = s[0] < 0x80 ? 1
		      : (s[0] & 0xE0) == 0xC0 ? 2
		      : (s[0] & 0xF0) == 0xE0 ? 3
		      : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
	if (length == 0)
		return 0;
	uint32_t value = length == 1 ? s[0] : s[0] & (0x7F >> length);
	for (size_t i = 1; i < length; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		value = value << 6 | (s[i] & 0x3F);
	}
	if (value < smallest[length] || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
		return 0;
	*code = value;
	return length;
}

static int xml_allows(uint32_t code)
{
	return code == 0x9 || code == 0xA || code == 0xD || (code >= 0x20 && code <= 0xD7FF) ||
	       (code >= 0xE000 && code <= 0xFFFD) || code >= 0x10000;
}

char *xml_text_legal(const char *text)
{
	const unsigned char *in = (const unsigned char *)text;
	size_t length = strlen(text);
	/* Worst case: every byte becomes "\u001B" (6 bytes). */
	char *out = malloc(length * 6 + 1), *o = out;
	if (!out)
		return NULL;
	while (*in) {
		uint32_t code;
		size_t taken = utf8_decode(in, &code);
		if (taken == 0) {
			memcpy(o, "\xEF\xBF\xBD", 3);   /* U+FFFD REPLACEMENT CHARACTER */
			o += 3;
			in++;
		} else if (!xml_allows(code)) {
			o += sprintf(o, "\\u%04X", (unsigned)code);
			in += taken;
		} else {
			memcpy(o, in, taken);
			o += taken;
			in += taken;
		}
	}
	*o = '\0';
	return out;
}
