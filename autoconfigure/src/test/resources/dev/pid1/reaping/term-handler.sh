#!/bin/sh
# A descendant that cleans up on SIGTERM: writes $1 and exits 0. Its background sleep dies of the
# SIGTERM it gets too.
trap 'echo handled > "$1"; exit 0' TERM
sleep 1000 &
wait
