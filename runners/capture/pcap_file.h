/* A cell's .pcap file, written whole or not at all: frames go to a
 * temporary file beside it (created with O_EXCL) that is renamed into place
 * once everything reached the disk, so a full disk leaves no half a pcap. */
#ifndef FINRST_PCAP_FILE_H
#define FINRST_PCAP_FILE_H

#include <pcap/pcap.h>
#include <stddef.h>

struct pcap_file {
	pcap_dumper_t *dumper;
	char path[4096];
	char temporary[4096];
	int write_errno;        /* the first write that failed, 0 if none */
};

/* Returns 0, or -1 with "cannot write PATH: why" in `error`. */
int pcap_file_open(struct pcap_file *file, pcap_t *capture, const char *path, char *error, size_t error_size);
void pcap_file_add(struct pcap_file *file, const struct pcap_pkthdr *header, const unsigned char *bytes);
/* Flushes and renames into place. Returns 0, or -1 with the reason in
 * `error`; either way the file is closed and no temporary file is left. */
int pcap_file_commit(struct pcap_file *file, char *error, size_t error_size);
/* Closes and removes the temporary file (a cell that never finished). */
void pcap_file_discard(struct pcap_file *file);

#endif
