/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * MADT: the CPUs, from local APIC (type 0) and local x2APIC (type 9)
 * entries, with the rules of Linux's acpi_parse_lapic()/acpi_parse_x2apic()
 * and generic_processor_info():
 *  - APIC id 0xff (xAPIC) / 0xffffffff (x2APIC) entries are ignored;
 *  - entries that can never be onlined are ignored (with MADT revision >= 5
 *    a disabled entry must be "online capable" to count);
 *  - enabled entries are present CPUs, the others hotplug CPUs;
 *  - the boot CPU is logical CPU 0, the others follow in table order.
 * Invariant of the result: 1 <= nr_cpus <= NR_CPUS and the APIC ids are
 * distinct.
 */
#define pr_fmt(fmt) "ACPI: " fmt

#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/panic.h>
#include <lib/string.h>
#include <asm/acpi.h>

static struct acpi_madt_cpus madt_cpus;
static bool madt_parsed;

struct madt_ctx {
	struct acpi_madt_cpus *out;
	u32 boot_apicid;
	bool have_boot_apicid;
	bool boot_seen;
	bool online_capable;		/* MADT revision >= 5 */
	bool bad_entry;
	unsigned int entries;		/* LAPIC/x2APIC entries taken (present or not) */
};

static bool processor_usable(const struct madt_ctx *c, u32 flags)
{
	if (flags & ACPI_MADT_ENABLED)
		return true;
	return !c->online_capable || (flags & ACPI_MADT_ONLINE_CAPABLE);
}

static void register_lapic(struct madt_ctx *c, u32 apicid, bool enabled)
{
	struct acpi_madt_cpus *out = c->out;
	unsigned int i;

	c->entries++;
	if (!enabled) {
		out->disabled_cpus++;
		return;
	}
	for (i = 0; i < out->nr_cpus; i++) {
		if (out->apicid[i] == apicid) {
			pr_warn("MADT lists APIC id 0x%x twice, the second entry ignored\n", apicid);
			return;
		}
	}
	if (c->have_boot_apicid && !c->boot_seen && out->nr_cpus >= NR_CPUS - 1 &&
	    apicid != c->boot_apicid) {
		printk(KERN_WARNING "APIC: NR_CPUS/possible_cpus limit of %d almost reached. Keeping one slot for boot cpu.  Processor %d/0x%x ignored.\n",
		       NR_CPUS, NR_CPUS + out->disabled_cpus - 1, apicid);
		out->disabled_cpus++;
		return;
	}
	if (out->nr_cpus >= NR_CPUS) {
		printk(KERN_WARNING "APIC: NR_CPUS/possible_cpus limit of %d reached. Processor %d/0x%x ignored.\n",
		       NR_CPUS, NR_CPUS + out->disabled_cpus, apicid);
		out->disabled_cpus++;
		return;
	}
	if (c->have_boot_apicid && apicid == c->boot_apicid)
		c->boot_seen = true;
	out->apicid[out->nr_cpus++] = apicid;
}

static int madt_entry(const struct acpi_subtable_header *e, size_t len, void *ctx)
{
	struct madt_ctx *c = ctx;

	if (e->type == ACPI_MADT_TYPE_LOCAL_APIC) {
		const struct acpi_madt_local_apic *p = (const void *)e;

		if (len < sizeof(*p)) {
			pr_err("MADT local APIC entry of %zu bytes (expected %zu)\n", len, sizeof(*p));
			c->bad_entry = true;
			return 0;
		}
		if (p->id == 0xff || !processor_usable(c, p->lapic_flags))
			return 0;
		register_lapic(c, p->id, p->lapic_flags & ACPI_MADT_ENABLED);
	} else if (e->type == ACPI_MADT_TYPE_LOCAL_X2APIC) {
		const struct acpi_madt_local_x2apic *p = (const void *)e;

		if (len < sizeof(*p)) {
			pr_err("MADT x2APIC entry of %zu bytes (expected %zu)\n", len, sizeof(*p));
			c->bad_entry = true;
			return 0;
		}
		if (p->local_apic_id == 0xffffffffu || !processor_usable(c, p->lapic_flags))
			return 0;
		register_lapic(c, p->local_apic_id, p->lapic_flags & ACPI_MADT_ENABLED);
	}
	return 0;
}

static void madt_single_cpu(struct acpi_madt_cpus *out, int boot_apicid)
{
	memset(out, 0, sizeof(*out));
	out->nr_cpus = 1;
	out->apicid[0] = boot_apicid > 0 ? (u32)boot_apicid : 0;
}

int acpi_parse_madt(int boot_apicid)
{
	const struct acpi_table_header *t;
	struct madt_ctx c = {
		.out = &madt_cpus,
		.boot_apicid = boot_apicid >= 0 ? (u32)boot_apicid : 0,
		.have_boot_apicid = boot_apicid >= 0,
	};
	struct acpi_madt_cpus *out = &madt_cpus;
	unsigned int i;
	int ret;

	madt_parsed = true;
	madt_single_cpu(out, boot_apicid);
	t = acpi_get_table("APIC", 0);
	if (!t)
		return -ENOENT;

	memset(out, 0, sizeof(*out));
	c.online_capable = t->revision >= 5;
	if (t->length >= sizeof(struct acpi_table_madt))
		out->lapic_address = ((const struct acpi_table_madt *)t)->address;
	ret = acpi_walk_subtables(t, t->length, sizeof(struct acpi_table_madt), madt_entry, &c);
	acpi_put_table(t);

	if (ret < 0 || c.bad_entry) {
		pr_err("Error parsing LAPIC/X2APIC entries\n");
		pr_err("Invalid BIOS MADT, assuming a single CPU\n");
		madt_single_cpu(out, boot_apicid);
		return -EINVAL;
	}
	if (!c.entries) {
		pr_err("No LAPIC entries present\n");
		madt_single_cpu(out, boot_apicid);
		return -ENOENT;
	}
	if (!out->nr_cpus) {
		/* Only hotplug entries: the CPU running this is present all the same. */
		out->apicid[out->nr_cpus++] = c.boot_apicid;
		c.boot_seen = true;
	}

	/* The boot CPU is logical CPU 0; the others keep table order. */
	if (c.have_boot_apicid) {
		for (i = 0; i < out->nr_cpus && out->apicid[i] != c.boot_apicid; i++)
			;
		if (i == out->nr_cpus) {
			printk(KERN_WARNING "smpboot: weird, boot CPU (#%u) not listed by the BIOS\n",
			       c.boot_apicid);
			if (out->nr_cpus == NR_CPUS)
				out->nr_cpus--;
			i = out->nr_cpus++;
			out->apicid[i] = c.boot_apicid;
		}
		for (; i > 0; i--) {
			u32 tmp = out->apicid[i - 1];

			out->apicid[i - 1] = out->apicid[i];
			out->apicid[i] = tmp;
		}
	}
	out->from_madt = true;
	BUG_ON(out->nr_cpus < 1 || out->nr_cpus > NR_CPUS);
	return 0;
}

void acpi_madt_reset(void)
{
	madt_parsed = false;
	madt_single_cpu(&madt_cpus, 0);
}

const struct acpi_madt_cpus *acpi_madt_cpus(void)
{
	if (!madt_parsed)
		acpi_parse_madt(0);
	return &madt_cpus;
}

void acpi_boot_init(void)
{
	const struct acpi_madt_cpus *m = acpi_madt_cpus();
	unsigned int possible = m->nr_cpus + m->disabled_cpus;

	if (m->from_madt)
		pr_info("Using ACPI (MADT) for SMP configuration information\n");
	if (possible > NR_CPUS) {
		printk(KERN_WARNING "smpboot: %u Processors exceeds NR_CPUS limit of %d\n",
		       possible, NR_CPUS);
		possible = NR_CPUS;
	}
	printk(KERN_INFO "smpboot: Allowing %u CPUs, %u hotplug CPUs\n", possible,
	       possible - min(possible, m->nr_cpus));
}
