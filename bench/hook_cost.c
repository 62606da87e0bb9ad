// SPDX-License-Identifier: GPL-2.0
/*
 * hook_cost: time the balloon usage counter hooks and readers in a guest.
 *
 * Loaded by make bench, never by a test.  It prints "bench: KEY VALUE"
 * lines, asserts nothing and leaves the counters as it found them: every
 * inflate it times is undone by a deflate it also times.
 *
 * For comparison it times the obvious alternative design, one shared
 * atomic_long_t per counter, updated from the same loops, and mainline's
 * way (6.15): one node counter update per page.  6.12 has no
 * NR_BALLOON_PAGES, so that is timed on NR_KERNEL_MISC_RECLAIMABLE, which
 * costs the same, each increment undone by a decrement.
 */
#include <linux/atomic.h>
#include <linux/balloon_stats.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/sprintf.h>

static unsigned long loops = 1000000;
module_param(loops, ulong, 0444);
MODULE_PARM_DESC(loops, "hook calls per measurement, 0 to skip");

static unsigned long reads = 100000;
module_param(reads, ulong, 0444);
MODULE_PARM_DESC(reads, "reader calls per measurement, 0 to skip");

static atomic_long_t shared_inflated, shared_deflated;

/* ns per call of one inflate and one deflate, percpu or shared atomic. */
static u64 time_updates(bool atomic)
{
	unsigned long i;
	u64 start = ktime_get_ns();

	for (i = 0; i < loops; i++) {
		if (atomic) {
			atomic_long_add(1, &shared_inflated);
			atomic_long_add(1, &shared_deflated);
		} else {
			balloon_stats_inflate(BALLOON_STATS_VIRTIO,
					      BALLOON_STATS_INFLATED_FREE, 1);
			balloon_stats_deflate(BALLOON_STATS_VIRTIO,
					      BALLOON_STATS_INFLATED_FREE, 1);
		}
	}
	/* Two updates per loop; report picoseconds to keep the fraction. */
	return (ktime_get_ns() - start) * 1000 / (2 * loops);
}

#define BATCH 256

/*
 * ns per batch of BATCH pages inflated, then deflated: this series' one
 * hook per batch, or mainline's node counter update per page.
 */
static u64 time_batches(bool per_page)
{
	struct pglist_data *pgdat = NODE_DATA(numa_node_id());
	unsigned long i, n = loops / BATCH;
	u64 start = ktime_get_ns();
	int p;

	for (i = 0; i < n; i++) {
		if (per_page) {
			for (p = 0; p < BATCH; p++)
				mod_node_page_state(pgdat, NR_KERNEL_MISC_RECLAIMABLE, 1);
			for (p = 0; p < BATCH; p++)
				mod_node_page_state(pgdat, NR_KERNEL_MISC_RECLAIMABLE, -1);
		} else {
			balloon_stats_inflate(BALLOON_STATS_VIRTIO,
					      BALLOON_STATS_INFLATED_FREE, BATCH);
			balloon_stats_deflate(BALLOON_STATS_VIRTIO,
					      BALLOON_STATS_INFLATED_FREE, BATCH);
		}
	}
	/* Two batches per loop. */
	return (ktime_get_ns() - start) / (2 * n);
}

struct bench_cpu {
	struct completion *go;
	bool atomic;
	u64 ps;
	struct completion done;
};

static int bench_thread(void *data)
{
	struct bench_cpu *b = data;

	wait_for_completion(b->go);
	b->ps = time_updates(b->atomic);
	complete(&b->done);
	return 0;
}

/* Every online CPU updating at once; the mean over CPUs, in ps per call. */
static u64 time_updates_all_cpus(bool atomic)
{
	struct bench_cpu *b;
	DECLARE_COMPLETION_ONSTACK(go);
	struct task_struct *t;
	u64 sum = 0;
	int cpu, n = 0;

	b = kcalloc(nr_cpu_ids, sizeof(*b), GFP_KERNEL);
	if (!b)
		return 0;
	for_each_online_cpu(cpu) {
		b[cpu].go = &go;
		b[cpu].atomic = atomic;
		init_completion(&b[cpu].done);
		t = kthread_create_on_cpu(bench_thread, &b[cpu], cpu,
					  "hook_cost/%u");
		if (IS_ERR(t)) {
			complete(&b[cpu].done);
			continue;
		}
		wake_up_process(t);
	}
	complete_all(&go);
	for_each_online_cpu(cpu) {
		wait_for_completion(&b[cpu].done);
		if (b[cpu].ps) {
			sum += b[cpu].ps;
			n++;
		}
	}
	kfree(b);
	return n ? sum / n : 0;
}

/* ns per show_mem() line: the six sums and the formatting, not the print. */
static u64 time_reads(void)
{
	char line[96];
	unsigned long i, total, free;
	u64 start = ktime_get_ns();
	int d;

	for (i = 0; i < reads; i++) {
		total = free = 0;
		for (d = 0; d < BALLOON_STATS_NR_DRIVERS; d++) {
			total += balloon_stats_read(d, BALLOON_STATS_INFLATED_TOTAL);
			free += balloon_stats_read(d, BALLOON_STATS_INFLATED_FREE);
		}
		scnprintf(line, sizeof(line),
			  "Balloon InflatedTotal:%lukB InflatedFree:%lukB",
			  total << (PAGE_SHIFT - 10), free << (PAGE_SHIFT - 10));
	}
	return (ktime_get_ns() - start) / reads;
}

static int __init hook_cost_init(void)
{
	pr_info("bench: cpus %u\n", num_online_cpus());
	if (loops) {
		pr_info("bench: percpu_hook_ps %llu\n", time_updates(false));
		pr_info("bench: atomic_ps %llu\n", time_updates(true));
		pr_info("bench: percpu_hook_all_cpus_ps %llu\n",
			time_updates_all_cpus(false));
		pr_info("bench: atomic_all_cpus_ps %llu\n",
			time_updates_all_cpus(true));
		pr_info("bench: batch_percpu_hook_ns %llu\n", time_batches(false));
		pr_info("bench: batch_node_per_page_ns %llu\n", time_batches(true));
	}
	if (reads)
		pr_info("bench: show_mem_line_ns %llu\n", time_reads());
	return 0;
}
module_init(hook_cost_init);

static void __exit hook_cost_exit(void)
{
}
module_exit(hook_cost_exit);

MODULE_DESCRIPTION("Time the balloon usage counter hooks (benchmark only)");
MODULE_LICENSE("GPL");
