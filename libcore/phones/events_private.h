/*
 * events_private.h: shared between the events_*.c files only.
 * Layer: phones.
 */
#ifndef EVENTS_PRIVATE_H
#define EVENTS_PRIVATE_H

#include "ik_phones.h"

/* Which report field a key names ("ITL_Signature", "ITLSignature", ...). */
typedef enum ik_evkey {
	IK_EK_OTHER = 0, IK_EK_DEVICE, IK_EK_IP, IK_EK_HASH, IK_EK_TFTP,
	IK_EK_STATUS, IK_EK_TIME
} ik_evkey;

ik_evkey ik_ev_key(const char *k, size_t n);
/*
 * Stores a value into r.  Returns NULL, or why the value is unusable (a
 * hash that is neither 16 nor 20 bytes, an over-long device name).
 */
const char *ik_ev_value(ik_phone_report *r, ik_evkey key, const char *v,
    size_t n);
void ik_ev_report_init(ik_phone_report *r);
/* NULL when r is a usable report, else why not. */
const char *ik_ev_report_check(const ik_phone_report *r);

/*
 * Parses one DeviceTLInfo alarm document with expat; every <Alarm
 * Name="DeviceTLInfo"> in it becomes a report.  Returns the number of
 * reports, or -1 with why filled (expat's message, line:column relative to
 * the document).
 */
int ik_ev_xml_doc(ik_phones *db, uint16_t source, const char *buf,
    size_t len, char *why, size_t whylen);

#endif /* EVENTS_PRIVATE_H */
