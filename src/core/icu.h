/*
 * icu.h — what every caller of ICU's "ask for the length, then fill" calls
 * shares: ICU answers a call given no room with the length it would write
 * and the error U_BUFFER_OVERFLOW_ERROR, which must be cleared before the
 * next call.
 */
#ifndef HAVEN_CORE_ICU_H
#define HAVEN_CORE_ICU_H

#include <stdbool.h>
#include <unicode/utypes.h>

/* After an ICU call asked only for the length of what it would write: whether it gave one (and the
 * error that says so cleared for the next call). */
static inline bool icu_gave_length(UErrorCode *status)
{
	if (*status == U_BUFFER_OVERFLOW_ERROR)
		*status = U_ZERO_ERROR;
	return U_SUCCESS(*status);
}

#endif
