#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Description: utracer.ko, loaded by the harness, creates /proc/utrace;
# it unloads cleanly, taking /proc/utrace with it, and loads again.
set -eu
grep -q '^utracer ' /proc/modules || { echo "utracer is not loaded"; exit 1; }
[ -d /proc/utrace ] || { echo "/proc/utrace is missing"; exit 1; }
rmmod utracer
[ ! -e /proc/utrace ] || { echo "/proc/utrace survived rmmod"; exit 1; }
insmod "$UTRACER_MODULE"
[ -d /proc/utrace ] || { echo "/proc/utrace is missing after reload"; exit 1; }
