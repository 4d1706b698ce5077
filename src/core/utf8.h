/*
 * utf8.h — cutting text to a number of bytes without cutting a character in
 * half, so what is kept is still valid UTF-8 (jansson refuses a string that
 * is not, and a page or an error message would lose it); and counting its
 * characters, for the limits a person is told in characters, not bytes.
 *
 * One helper for every fixed buffer that text is cut to fit: an account's
 * fields read into struct user, a formatted error message, a value quoted in
 * one ("%.*s" with utf8_cut_length). Pure and thread-safe; tested in
 * tests/unit/test_utf8.c.
 */
#ifndef HAVEN_CORE_UTF8_H
#define HAVEN_CORE_UTF8_H

#include <stddef.h>

/*
 * The length in bytes of the longest start of `text` (NUL-ended; NULL is
 * empty) that is at most `most` bytes and does not end inside a character:
 * strlen(text) if it fits, else `most` backed up to the start of the
 * character it would cut. For "%.*s" write (int)utf8_cut_length(text, N).
 */
size_t utf8_cut_length(const char *text, size_t most);

/* Copies `text` (NULL is empty) into dst of `size` bytes (at least 1), cut with utf8_cut_length. */
void utf8_copy(char *dst, size_t size, const char *text);

/*
 * The characters in `text` (NUL-ended; NULL is empty): its bytes that are
 * not 10xxxxxx, each character's one lead byte. For text jansson or the
 * form parser has checked, which is valid UTF-8.
 */
size_t utf8_characters(const char *text);

#endif
