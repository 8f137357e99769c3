// SPDX-License-Identifier: GPL-2.0-only
/*
 * The include/arch/bench.h contract for x86: which machine we run on
 * (CPUID's hypervisor signature, and an exactness test of the TSC for
 * QEMU's -icount), and the PMU's retired-instruction counter under KVM.
 *
 * Every MSR access here goes through the exception table: a vCPU that
 * advertises a counter it does not implement costs us the instruction
 * count, never the boot.
 */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <lib/string.h>
#include <arch/bench.h>
#include <asm/processor.h>
#include <asm/setup.h>
#include <asm/bench_icount.h>

static char hv_name[13];
static bool hv_probed;

const char *arch_hypervisor_name(void)
{
	u32 a, b, c, d;

	if (hv_probed)
		return hv_name;
	hv_probed = true;
	cpuid(1, 0, &a, &b, &c, &d);
	if (!(c & (1u << 31)))
		return hv_name;			/* no hypervisor: bare metal */
	cpuid(0x40000000, 0, &a, &b, &c, &d);
	memcpy(hv_name + 0, &b, 4);
	memcpy(hv_name + 4, &c, 4);
	memcpy(hv_name + 8, &d, 4);
	hv_name[12] = '\0';
	return hv_name;
}

enum bench_mode arch_bench_detect(unsigned int *shift)
{
	const char *hv = arch_hypervisor_name();

	*shift = 0;
	if (!strcmp(hv, "KVMKVMKVM"))
		return BENCH_MODE_KVM;
	if (nb_tsc_counts_instructions(shift))
		return BENCH_MODE_ICOUNT;
	if (!strcmp(hv, "TCGTCGTCGTCG"))
		return BENCH_MODE_TCG;
	return BENCH_MODE_UNKNOWN;	/* bare metal or another hypervisor: the TSC counts time */
}

/* ---- the PMU ----------------------------------------------------------- */

#define MSR_IA32_FIXED_CTR0		0x309
#define MSR_IA32_FIXED_CTR_CTRL		0x38d
#define MSR_IA32_PERF_GLOBAL_CTRL	0x38f
#define MSR_K7_EVNTSEL0			0xc0010000
#define MSR_K7_PERFCTR0			0xc0010004
#define AMD_EVENT_RETIRED_INSNS		0xc0
#define AMD_EVNTSEL_USR			(1ULL << 16)
#define AMD_EVNTSEL_OS			(1ULL << 17)
#define AMD_EVNTSEL_EN			(1ULL << 22)

static int rdmsr_safe(u32 msr, u64 *val)
{
	u32 lo = 0, hi = 0;
	int err = 0;

	__asm__ __volatile__(
		"1: rdmsr\n"
		_ASM_EFAULT_FIXUP
		: [err] "+r"(err), "+a"(lo), "+d"(hi)
		: "c"(msr), [efault] "i"(-EFAULT));
	*val = (u64)hi << 32 | lo;
	return err;
}

static int wrmsr_safe(u32 msr, u64 val)
{
	int err = 0;

	__asm__ __volatile__(
		"1: wrmsr\n"
		_ASM_EFAULT_FIXUP
		: [err] "+r"(err)
		: "c"(msr), "a"((u32)val), "d"((u32)(val >> 32)), [efault] "i"(-EFAULT)
		: "memory");
	return err;
}

static inline u64 rdpmc(u32 counter)
{
	u32 lo, hi;

	__asm__ __volatile__("rdpmc" : "=a"(lo), "=d"(hi) : "c"(counter));
	return (u64)hi << 32 | lo;
}

enum { PMU_UNPROBED, PMU_NONE, PMU_INTEL_FIXED, PMU_AMD_LEGACY };
static int pmu_kind = PMU_UNPROBED;

static bool cpu_vendor_is(const char *vendor)
{
	u32 a, b, c, d;
	char v[13];

	cpuid(0, 0, &a, &b, &c, &d);
	memcpy(v + 0, &b, 4);
	memcpy(v + 4, &d, 4);
	memcpy(v + 8, &c, 4);
	v[12] = '\0';
	return !strcmp(v, vendor);
}

static bool intel_fixed_start(void)
{
	u32 a, b, c, d;
	u64 ctrl, global;

	cpuid(0, 0, &a, &b, &c, &d);
	if (a < 0xa)
		return false;
	cpuid(0xa, 0, &a, &b, &c, &d);
	/* Architectural perfmon v2+ with at least one fixed counter (INST_RETIRED.ANY). */
	if ((a & 0xff) < 2 || (d & 0x1f) < 1)
		return false;
	if (rdmsr_safe(MSR_IA32_FIXED_CTR_CTRL, &ctrl) ||
	    rdmsr_safe(MSR_IA32_PERF_GLOBAL_CTRL, &global))
		return false;
	ctrl = (ctrl & ~0xfULL) | 0x3;		/* counter 0: ring 0 and ring 3, no PMI */
	return !wrmsr_safe(MSR_IA32_FIXED_CTR0, 0) &&
	       !wrmsr_safe(MSR_IA32_FIXED_CTR_CTRL, ctrl) &&
	       !wrmsr_safe(MSR_IA32_PERF_GLOBAL_CTRL, global | (1ULL << 32));
}

static bool amd_legacy_start(void)
{
	return !wrmsr_safe(MSR_K7_EVNTSEL0, 0) && !wrmsr_safe(MSR_K7_PERFCTR0, 0) &&
	       !wrmsr_safe(MSR_K7_EVNTSEL0, AMD_EVENT_RETIRED_INSNS | AMD_EVNTSEL_USR |
			   AMD_EVNTSEL_OS | AMD_EVNTSEL_EN);
}

static u64 pmu_read(void)
{
	u64 v = 0;

	if (pmu_kind == PMU_INTEL_FIXED)
		rdmsr_safe(MSR_IA32_FIXED_CTR0, &v);
	else if (pmu_kind == PMU_AMD_LEGACY)
		rdmsr_safe(MSR_K7_PERFCTR0, &v);
	return v;
}

bool arch_insn_counter_start(void)
{
	if (pmu_kind != PMU_UNPROBED)
		return pmu_kind != PMU_NONE;
	pmu_kind = PMU_NONE;
	if (cpu_vendor_is("GenuineIntel") && intel_fixed_start())
		pmu_kind = PMU_INTEL_FIXED;
	else if (cpu_vendor_is("AuthenticAMD") && amd_legacy_start())
		pmu_kind = PMU_AMD_LEGACY;
	if (pmu_kind == PMU_NONE)
		return false;
	/* It must count: 2000 more loop instructions show up as about 2000 more. */
	u64 a = pmu_read();
	nb_ticks_over_loop(1000);
	u64 b = pmu_read();
	nb_ticks_over_loop(2000);
	u64 c = pmu_read();
	u64 d1 = b - a, d2 = c - b;
	if (d2 <= d1 || d2 - d1 < 1900 || d2 - d1 > 2100)
		pmu_kind = PMU_NONE;
	return pmu_kind != PMU_NONE;
}

u64 arch_insns(void)
{
	if (pmu_kind == PMU_INTEL_FIXED)
		return rdpmc(1u << 30);		/* fixed counter 0 */
	if (pmu_kind == PMU_AMD_LEGACY)
		return rdpmc(0);
	return 0;
}
