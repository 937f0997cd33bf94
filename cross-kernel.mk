# `make cross-kernel`: the matrix under Debian's Linux 6.1 kernel, booted
# under qemu with software emulation, compared with the host kernel's run.
# Not part of `make check`: it downloads a kernel and takes minutes.
# Included by GNUmakefile, whose BUILD, FINRST, JOBS and `all` it uses.
#
#   make cross-kernel                          the whole matrix
#   make cross-kernel FILTER='close-unread/*'  only the cells a glob names
#   make cross-kernel CROSS_KERNEL_TIME_LIMIT=120000   per-cell limit in the guest, ms

CROSS_KERNEL_DIR ?= $(BUILD)/cross-kernel
CROSS_KERNEL_TIME_LIMIT ?= 60000
CROSS_KERNEL_TIMEOUT ?= 1800
FILTER ?=

.PHONY: cross-kernel

cross-kernel: all
	@CROSS_KERNEL_TIME_LIMIT=$(CROSS_KERNEL_TIME_LIMIT) CROSS_KERNEL_TIMEOUT=$(CROSS_KERNEL_TIMEOUT) \
	  JOBS=$(JOBS) sh tests/cross-kernel/cross-kernel.sh $(BUILD) $(CROSS_KERNEL_DIR) $(FILTER)
