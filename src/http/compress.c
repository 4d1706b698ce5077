/*
 * compress.c — compressing an answer (contract in compress.h), with
 * libbrotlienc and zlib.
 */
#include "http/compress.h"

#include <brotli/encode.h>
#include <stdlib.h>
#include <zlib.h>

#include "core/alloc.h"

/* Fast enough per answer, and most of the gain (quality 11 is for the build's assets). */
#define BROTLI_QUALITY 5
#define GZIP_LEVEL 6

static bool brotli(const char *in, size_t len, char **out, size_t *out_len)
{
	size_t room = BrotliEncoderMaxCompressedSize(len);
	if (room == 0)
		return false;
	char *buf = xmalloc(room);
	if (!BrotliEncoderCompress(BROTLI_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, len,
	                           (const uint8_t *)in, &room, (uint8_t *)buf)) {
		free(buf);
		return false;
	}
	*out = buf;
	*out_len = room;
	return true;
}

static bool gzip(const char *in, size_t len, char **out, size_t *out_len)
{
	z_stream z = {0};
	/* 15 window bits, +16 for the gzip wrapper rather than zlib's */
	if (deflateInit2(&z, GZIP_LEVEL, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return false;
	size_t room = deflateBound(&z, (uLong)len);
	char *buf = xmalloc(room);
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)buf;
	z.avail_out = (uInt)room;
	int rc = deflate(&z, Z_FINISH);
	size_t written = room - z.avail_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END) {
		free(buf);
		return false;
	}
	*out = buf;
	*out_len = written;
	return true;
}

bool compress_body(enum content_coding coding, const char *in, size_t len, char **out, size_t *out_len)
{
	switch (coding) {
	case CODING_BR: return brotli(in, len, out, out_len);
	case CODING_GZIP: return gzip(in, len, out, out_len);
	default: return false;
	}
}
