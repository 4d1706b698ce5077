/*
 * json_text.c — a JSON value as compact text, the same bytes as jansson's
 * json_dumps(value, JSON_COMPACT | JSON_PRESERVE_ORDER), appended straight
 * to a buffer. See json_text.h.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json_text.h"

/* The length of the valid UTF-8 sequence at s (at most `left` bytes), or 0, as jansson judges it. */
static size_t utf8_length(const unsigned char *s, size_t left)
{
	unsigned char c = s[0];
	size_t size;
	uint32_t value;
	if (c < 0x80)
		return 1;
	if (c < 0xC2)
		return 0; /* a continuation byte, or the start of an overlong pair */
	if (c < 0xE0) {
		size = 2;
		value = c & 0x1F;
	} else if (c < 0xF0) {
		size = 3;
		value = c & 0x0F;
	} else if (c < 0xF5) {
		size = 4;
		value = c & 0x07;
	} else {
		return 0;
	}
	if (size > left)
		return 0;
	for (size_t i = 1; i < size; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		value = (value << 6) | (s[i] & 0x3F);
	}
	if (value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF) || (size == 3 && value < 0x800) ||
	    (size == 4 && value < 0x10000))
		return 0;
	return size;
}

/*
 * Bytes written as they are inside a string: printable ASCII but " and \.
 * Bytes from 0x80 start UTF-8 sequences, checked and copied as they are;
 * the rest (control characters, " and \) are escaped.
 */
static bool is_plain(unsigned char c)
{
	return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

/*
 * A string, quoted and escaped as jansson escapes it (flags 0: UTF-8 and '/'
 * left as they are), written straight into the buffer: room for the string
 * as it is, and more at each escape (at most six bytes for one). Each run of
 * bytes that needs no escape is copied at once.
 */
static bool put_string(struct buf *out, const char *text, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *s = (const unsigned char *)text;
	buf_reserve(out, len + 2);
	char *w = out->data + out->len;
	*w++ = '"';
	size_t i = 0;
	for (;;) {
		size_t end = i;
		while (end < len) {
			if (is_plain(s[end])) {
				end++;
			} else if (s[end] >= 0x80) {
				size_t n = utf8_length(s + end, len - end);
				if (!n)
					return false;
				end += n;
			} else {
				break;
			}
		}
		memcpy(w, s + i, end - i);
		w += end - i;
		i = end;
		if (i == len)
			break;
		/* the escape, and the rest as it is, and the closing quote */
		unsigned char c = s[i++];
		out->len = (size_t)(w - out->data);
		buf_reserve(out, 6 + (len - i) + 1);
		w = out->data + out->len;
		*w++ = '\\';
		switch (c) {
		case '"': *w++ = '"'; break;
		case '\\': *w++ = '\\'; break;
		case '\b': *w++ = 'b'; break;
		case '\f': *w++ = 'f'; break;
		case '\n': *w++ = 'n'; break;
		case '\r': *w++ = 'r'; break;
		case '\t': *w++ = 't'; break;
		default:
			memcpy(w, "u00", 3);
			w[3] = hex[c >> 4];
			w[4] = hex[c & 0xF];
			w += 5;
		}
	}
	*w++ = '"';
	*w = '\0';
	out->len = (size_t)(w - out->data);
	return true;
}

void json_text_append_integer(struct buf *out, long long value)
{
	/* digits written backwards from the end; the magnitude as unsigned, so the least value has one */
	char digits[24];
	char *d = digits + sizeof digits;
	unsigned long long magnitude =
	    value < 0 ? 0ULL - (unsigned long long)value : (unsigned long long)value;
	do {
		*--d = (char)('0' + magnitude % 10);
		magnitude /= 10;
	} while (magnitude);
	if (value < 0)
		*--d = '-';
	buf_append(out, d, (size_t)(digits + sizeof digits - d));
}

/*
 * A real that is a whole number of thousandths from 0 to 999.999 (the access log's durations in
 * milliseconds, once a request), written without snprintf: it has at most six significant digits, so
 * %.*g to 6 up to 15 of them gives exactly its decimal digits, trailing zeros dropped (".0" if none are
 * left). False for anything else.
 */
static bool put_thousandths(struct buf *out, double value, int precision)
{
	if (precision < 6 || precision > 15 || !(value >= 0 && value < 1000) || signbit(value))
		return false;
	long long k = (long long)(value * 1000 + 0.5);
	if ((double)k / 1000.0 != value)
		return false;
	char text[12];
	char *w = text;
	long long whole = k / 1000, part = k % 1000;
	if (whole >= 100)
		*w++ = (char)('0' + whole / 100);
	if (whole >= 10)
		*w++ = (char)('0' + whole / 10 % 10);
	*w++ = (char)('0' + whole % 10);
	*w++ = '.';
	if (!part) {
		*w++ = '0';
	} else {
		for (long long unit = 100; part; unit /= 10) {
			*w++ = (char)('0' + part / unit);
			part %= unit;
		}
	}
	buf_append(out, text, (size_t)(w - text));
	return true;
}

bool json_text_append_real(struct buf *out, double value, int precision)
{
	if (put_thousandths(out, value, precision))
		return true;
	/* jansson's own rules (jsonp_dtostr): %.*g, ".0" added to what would read as an integer, and an
	 * exponent's '+' and leading zeros taken away */
	char text[64];
	int n = snprintf(text, sizeof text, "%.*g", precision ? precision : 17, value);
	if (n < 0 || (size_t)n + 3 > sizeof text)
		return false;
	size_t len = (size_t)n;
	if (!memchr(text, '.', len) && !memchr(text, 'e', len)) {
		memcpy(text + len, ".0", 3);
		len += 2;
	}
	char *exponent = memchr(text, 'e', len);
	if (exponent) {
		char *start = exponent + 1;
		char *end = start + 1;
		if (*start == '-')
			start++;
		while (*end == '0')
			end++;
		if (end != start) {
			memmove(start, end, len + 1 - (size_t)(end - text));
			len -= (size_t)(end - start);
		}
	}
	buf_append(out, text, len);
	return true;
}

bool json_text_append_string(struct buf *out, const char *text, size_t len)
{
	size_t start = out->len;
	if (put_string(out, text, len))
		return true;
	out->len = start;
	if (out->data)
		out->data[start] = '\0';
	return false;
}

/* One byte of punctuation, without buf_append's call and copy. */
static void put_char(struct buf *out, char c)
{
	if (out->len + 2 > out->cap)
		buf_reserve(out, 1);
	out->data[out->len++] = c;
	out->data[out->len] = '\0';
}

static bool put_value(struct buf *out, const json_t *value, int precision, int depth)
{
	if (!value || depth > JSON_TEXT_MAX_DEPTH)
		return false;
	switch (json_typeof(value)) {
	case JSON_NULL: buf_append(out, "null", 4); return true;
	case JSON_TRUE: buf_append(out, "true", 4); return true;
	case JSON_FALSE: buf_append(out, "false", 5); return true;
	case JSON_INTEGER: json_text_append_integer(out, json_integer_value(value)); return true;
	case JSON_STRING: return put_string(out, json_string_value(value), json_string_length(value));
	case JSON_REAL: return json_text_append_real(out, json_real_value(value), precision);
	case JSON_ARRAY: {
		put_char(out, '[');
		size_t i;
		const json_t *item;
		json_array_foreach(value, i, item)
		{
			if (i)
				put_char(out, ',');
			if (!put_value(out, item, precision, depth + 1))
				return false;
		}
		put_char(out, ']');
		return true;
	}
	case JSON_OBJECT: {
		put_char(out, '{');
		bool first = true;
		const char *key;
		size_t key_len;
		const json_t *item;
		void *iter;
		/* jansson keeps an object's keys in the order they were added */
		for (iter = json_object_iter((json_t *)value); iter;
		     iter = json_object_iter_next((json_t *)value, iter)) {
			key = json_object_iter_key(iter);
			key_len = json_object_iter_key_len(iter);
			item = json_object_iter_value(iter);
			if (!first)
				put_char(out, ',');
			first = false;
			if (!put_string(out, key, key_len))
				return false;
			put_char(out, ':');
			if (!put_value(out, item, precision, depth + 1))
				return false;
		}
		put_char(out, '}');
		return true;
	}
	}
	return false;
}

bool json_text_append(struct buf *out, const json_t *value, int real_precision)
{
	size_t start = out->len;
	if (put_value(out, value, real_precision, 0))
		return true;
	out->len = start;
	if (out->data)
		out->data[start] = '\0';
	return false;
}
