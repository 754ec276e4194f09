/*
 * Orphan-storm driver for docker/bench/reaper.sh. Runs as the child of the init under test
 * (PID 1 of a fresh PID namespace): waits SETTLE_MS, double-forks N grandchildren that exit at
 * once (each is orphaned to PID 1), and measures how long PID 1 takes to reap them all, the
 * peak of unreaped orphans, and PID 1's CPU time (of its "pid1-reaper" thread when there is
 * one, else of its main thread) per reaped orphan. Then, if IDLE_S > 0, PID 1's CPU time and
 * wake-ups (context switches) while idle for IDLE_S seconds.
 *
 * Usage: storm-driver N SETTLE_MS IDLE_S
 * Prints: STORM n=.. zero_us=.. after_last_us=.. peak=.. cpu_ns_per_orphan=.. [idle_cpu_ms_per_min=..
 * idle_wakeups_per_s=.. idle_process_cpu_ms_per_min=..]; after_last_us is from the last fork of the storm
 * to zero unreaped orphans.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static char reaper_task[300] = "/proc/1/task/1";

static void find_reaper_task(void) {
	DIR *dir = opendir("/proc/1/task");
	struct dirent *entry;
	if (!dir) return;
	while ((entry = readdir(dir))) {
		char path[300], comm[64] = "";
		if (entry->d_name[0] == '.') continue;
		snprintf(path, sizeof path, "/proc/1/task/%s/comm", entry->d_name);
		FILE *f = fopen(path, "r");
		if (!f) continue;
		if (fgets(comm, sizeof comm, f) && strncmp(comm, "pid1-reaper\n", 12) == 0) {
			snprintf(reaper_task, sizeof reaper_task, "/proc/1/task/%s", entry->d_name);
		}
		fclose(f);
	}
	closedir(dir);
}

static long long cpu_ns(void) {
	char path[128];
	long long run = 0;
	snprintf(path, sizeof path, "%s/schedstat", reaper_task);
	FILE *f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%lld", &run) != 1) run = 0;
		fclose(f);
	}
	return run;
}

static long long switches(void) {
	char path[128], line[256];
	long long total = 0, value;
	snprintf(path, sizeof path, "%s/status", reaper_task);
	FILE *f = fopen(path, "r");
	if (!f) return 0;
	while (fgets(line, sizeof line, f)) {
		if (sscanf(line, "voluntary_ctxt_switches: %lld", &value) == 1) total += value;
		if (sscanf(line, "nonvoluntary_ctxt_switches: %lld", &value) == 1) total += value;
	}
	fclose(f);
	return total;
}

/* CPU time of all of PID 1's threads (for a JVM: JIT, GC and the rest, not only the reaper). */
static long long cpu_all_ns(void) {
	DIR *dir = opendir("/proc/1/task");
	struct dirent *entry;
	long long total = 0;
	if (!dir) return 0;
	while ((entry = readdir(dir))) {
		char path[300];
		long long run;
		if (entry->d_name[0] == '.') continue;
		snprintf(path, sizeof path, "/proc/1/task/%s/schedstat", entry->d_name);
		FILE *f = fopen(path, "r");
		if (!f) continue;
		if (fscanf(f, "%lld", &run) == 1) total += run;
		fclose(f);
	}
	closedir(dir);
	return total;
}

/* Children of PID 1's leader task other than this driver: the orphans it has not reaped. */
static int unreaped(void) {
	static char buffer[1 << 20];
	FILE *f = fopen("/proc/1/task/1/children", "r");
	if (!f) return -1;
	size_t n = fread(buffer, 1, sizeof buffer - 1, f);
	fclose(f);
	buffer[n] = 0;
	int count = 0;
	long self = getpid();
	for (char *p = strtok(buffer, " \n"); p; p = strtok(NULL, " \n")) {
		if (atol(p) != self) count++;
	}
	return count;
}

static volatile int generated;
static volatile int peak;
static volatile long long zero_at;

static void *monitor(void *arg) {
	(void) arg;
	for (;;) {
		int count = unreaped();
		if (count > peak) peak = count;
		if (generated && count == 0) {
			zero_at = now_ns();
			return NULL;
		}
		/* Reading a long children list costs the kernel O(n): look less often while it is long, so
		 * that the monitor does not slow down the storm of a contender that keeps many zombies. */
		struct timespec pause = { 0, 200000L + 2000L * count };
		nanosleep(&pause, NULL);
	}
}

int main(int argc, char **argv) {
	if (argc < 4) {
		fprintf(stderr, "usage: %s N SETTLE_MS IDLE_S\n", argv[0]);
		return 2;
	}
	int n = atoi(argv[1]);
	int settle_ms = atoi(argv[2]);
	int idle_s = atoi(argv[3]);
	usleep(settle_ms * 1000);
	find_reaper_task();
	long long cpu0 = cpu_ns();
	pthread_t thread;
	long long t0 = now_ns();
	pthread_create(&thread, NULL, monitor, NULL);
	for (int i = 0; i < n; i++) {
		pid_t child = fork();
		if (child == 0) {
			if (fork() == 0) _exit(i % 256);
			_exit(0);
		}
		waitpid(child, NULL, 0);
	}
	long long generated_at = now_ns();
	generated = 1;
	pthread_join(thread, NULL);
	long long cpu1 = cpu_ns();
	printf("STORM n=%d zero_us=%lld after_last_us=%lld peak=%d cpu_ns_per_orphan=%lld", n, (zero_at - t0) / 1000,
			(zero_at - generated_at) / 1000, peak, (cpu1 - cpu0) / (n > 0 ? n : 1));
	if (idle_s > 0) {
		usleep(500000);
		long long c0 = cpu_ns(), s0 = switches(), a0 = cpu_all_ns();
		sleep(idle_s);
		long long c1 = cpu_ns(), s1 = switches(), a1 = cpu_all_ns();
		printf(" idle_cpu_ms_per_min=%.3f idle_wakeups_per_s=%.2f idle_process_cpu_ms_per_min=%.3f",
				(c1 - c0) / 1e6 * 60.0 / idle_s, (double) (s1 - s0) / idle_s, (a1 - a0) / 1e6 * 60.0 / idle_s);
	}
	printf(" task=%s\n", reaper_task);
	fflush(stdout);
	return 0;
}
