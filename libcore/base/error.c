/*
 * error.c: the caller-owned error and its context chain.
 * Layer: base.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>

#include "ik_base.h"

void
ik_error_clear(ik_error *err)
{
	if (err == NULL)
		return;
	err->status = IK_OK;
	err->category = IK_ERR_NONE;
	err->offset = -1;
	err->msg[0] = '\0';
}

static ik_status
error_vset(ik_error *err, ik_status st, ik_errcat cat, long long offset,
    const char *fmt, va_list ap)
{
	if (err == NULL)
		return st;
	err->status = st;
	err->category = cat;
	err->offset = offset;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	return st;
}

ik_status
ik_error_set(ik_error *err, ik_status st, ik_errcat cat, const char *fmt, ...)
{
	va_list ap;
	ik_status r;

	va_start(ap, fmt);
	r = error_vset(err, st, cat, -1, fmt, ap);
	va_end(ap);
	return r;
}

ik_status
ik_error_set_at(ik_error *err, ik_status st, ik_errcat cat, long long offset,
    const char *fmt, ...)
{
	va_list ap;
	ik_status r;

	va_start(ap, fmt);
	r = error_vset(err, st, cat, offset, fmt, ap);
	va_end(ap);
	return r;
}

ik_status
ik_error_push(ik_error *err, const char *fmt, ...)
{
	char ctx[256];
	size_t clen, mlen;
	va_list ap;

	if (err == NULL)
		return IK_FATAL;
	va_start(ap, fmt);
	vsnprintf(ctx, sizeof(ctx), fmt, ap);
	va_end(ap);
	clen = strlen(ctx);
	if (clen + 2 >= sizeof(err->msg))
		return err->status;
	/* Shift the old message right, keeping its start if it must be cut. */
	mlen = strnlen(err->msg, sizeof(err->msg) - 1);
	if (mlen > sizeof(err->msg) - 1 - clen - 2)
		mlen = sizeof(err->msg) - 1 - clen - 2;
	memmove(err->msg + clen + 2, err->msg, mlen);
	err->msg[clen + 2 + mlen] = '\0';
	memcpy(err->msg, ctx, clen);
	err->msg[clen] = ':';
	err->msg[clen + 1] = ' ';
	return err->status;
}

ik_status
ik_error_set_ssl(ik_error *err, ik_status st, const char *what)
{
	unsigned long e, last = 0;
	char buf[256];

	/* The most recent entry is the most specific reason. */
	while ((e = ERR_get_error()) != 0)
		last = e;
	if (last == 0)
		return ik_error_set(err, st, IK_ERR_CRYPTO, "%s", what);
	ERR_error_string_n(last, buf, sizeof(buf));
	return ik_error_set(err, st, IK_ERR_CRYPTO, "%s (%s)", what, buf);
}

const char *
ik_errcat_name(ik_errcat cat)
{
	switch (cat) {
	case IK_ERR_NONE: return "none";
	case IK_ERR_IO: return "io";
	case IK_ERR_FORMAT: return "format";
	case IK_ERR_CRYPTO: return "crypto";
	case IK_ERR_USAGE: return "usage";
	case IK_ERR_MEMORY: return "memory";
	case IK_ERR_PASSWORD: return "password";
	case IK_ERR_UNSUPPORTED: return "unsupported";
	case IK_ERR_REFUSED: return "refused";
	case IK_ERR_EXISTS: return "exists";
	}
	return "unknown";
}
