#!/bin/sh
# A descendant that ignores SIGTERM, as does its background sleep (an ignored signal stays ignored
# across fork and exec): only SIGKILL ends them.
trap '' TERM
sleep 1000 &
wait
