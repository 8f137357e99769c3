#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0-only
#
# compare-boots.pl [--first N] BIOS.log EFI.log
#
# The memory the x86_64 kernel reports after a multiboot (SeaBIOS) boot and
# after a UEFI (OVMF) boot of the same QEMU machine, booted with
# dump=zoneinfo: node ranges ("Early memory node ranges") and each zone's
# spanned and present pages. They must be equal apart from the ranges the
# firmware itself keeps.
#
# How a firmware's own range is told apart from lost or invented memory:
# a page that is RAM in one boot and not in the other must lie in a range
# that the *other* firmware's map reports as its own - e820 "reserved",
# "ACPI data" or "ACPI NVS" (after a UEFI boot these come from the UEFI
# memory map: reserved, runtime services, ACPI reclaim/NVS descriptors;
# loader and boot services memory become usable RAM, as Linux's EFI stub
# converts it). A page missing from both maps, or present in one and absent
# from the other map altogether, is not explained and fails the test.
#
# Checks (TAP, numbered from N, default 1; the plan comes last):
#   - both logs hold the e820 map, node ranges and the zoneinfo dump;
#   - the two boots put every page they both have on the same node;
#   - every page only one boot has lies in a range the other firmware keeps;
#   - in each boot, every zone's spanned and present pages are what its
#     node ranges give (Linux's zone_spanned/absent_pages_in_node);
#   - per zone: EFI present = BIOS present - pages OVMF keeps + pages
#     SeaBIOS keeps, and the same for spanned at the node's edges.
# A table of both boots' numbers and the explaining ranges is printed.
use strict;
use warnings;
no warnings 'portable';	# 64-bit hex addresses

my $n = 0;
if (@ARGV && $ARGV[0] eq '--first') {
	shift;
	$n = shift() - 1;
}
die "usage: $0 [--first N] BIOS.log EFI.log\n" unless @ARGV == 2;
my ($bios_log, $efi_log) = @ARGV;
my $failed = 0;

sub report {
	my ($ok, $what) = @_;
	$n++;
	print(($ok ? "ok" : "not ok"), " $n - $what\n");
	$failed = 1 unless $ok;
	return $ok;
}

# ---- ranges of page frames: sorted, disjoint [start, end) pairs -----------

sub norm {
	my @r = sort { $a->[0] <=> $b->[0] } grep { $_->[1] > $_->[0] } @_;
	my @out;
	for my $x (@r) {
		if (@out && $x->[0] <= $out[-1][1]) {
			$out[-1][1] = $x->[1] if $x->[1] > $out[-1][1];
		} else {
			push @out, [@$x];
		}
	}
	return @out;
}

sub intersect {
	my ($a, $b) = @_;
	my @out;
	for my $x (@$a) {
		for my $y (@$b) {
			my $s = $x->[0] > $y->[0] ? $x->[0] : $y->[0];
			my $e = $x->[1] < $y->[1] ? $x->[1] : $y->[1];
			push @out, [$s, $e] if $s < $e;
		}
	}
	return norm(@out);
}

sub subtract {
	my ($a, $b) = @_;
	my @out;
	for my $x (@$a) {
		my @pieces = ([@$x]);
		for my $y (@$b) {
			my @next;
			for my $p (@pieces) {
				if ($y->[1] <= $p->[0] || $y->[0] >= $p->[1]) {
					push @next, $p;
					next;
				}
				push @next, [$p->[0], $y->[0]] if $y->[0] > $p->[0];
				push @next, [$y->[1], $p->[1]] if $y->[1] < $p->[1];
			}
			@pieces = @next;
		}
		push @out, @pieces;
	}
	return norm(@out);
}

sub count {
	my $c = 0;
	$c += $_->[1] - $_->[0] for @_;
	return $c;
}

sub fmt_ranges {
	return join(', ', map { sprintf('[mem %#x-%#x]', $_->[0] << 12, ($_->[1] << 12) - 1) } @_);
}

# ---- one boot's log ---------------------------------------------------------

sub parse {
	my ($file) = @_;
	my %b = (e820 => [], nodes => {}, zones => {});
	open(my $fh, '<', $file) or die "$file: $!\n";
	my ($in_zoneinfo, $zkey) = (0, undef);
	while (my $l = <$fh>) {
		$l =~ s/\r//g;
		if ($l =~ /BIOS-e820: \[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\] (.+?)\s*$/) {
			push @{$b{e820}}, [hex($1), hex($2) + 1, $3];
		} elsif ($l =~ /^\[[ \d.]+\]\s+node\s+(\d+): \[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\]/) {
			push @{$b{nodes}{$1}}, [hex($2) >> 12, (hex($3) + 1) >> 12];
		} elsif ($l =~ /^----- BEGIN zoneinfo -----/) {
			$in_zoneinfo = 1;
		} elsif ($l =~ /^----- END zoneinfo -----/) {
			$in_zoneinfo = 0;
		} elsif ($in_zoneinfo && $l =~ /^Node (\d+), zone\s+(\S+)/) {
			$zkey = "$1 $2";
			$b{zones}{$zkey} = {};
		} elsif ($in_zoneinfo && defined $zkey && $l =~ /^\s+(spanned|present)\s+(\d+)/) {
			$b{zones}{$zkey}{$1} = $2;
		}
	}
	close($fh);
	$b{nodes}{$_} = [norm(@{$b{nodes}{$_}})] for keys %{$b{nodes}};
	return \%b;
}

# Pages a firmware keeps for itself: any page touched by a non-usable e820 entry.
sub firmware_kept {
	my ($b) = @_;
	return norm(map { [$_->[0] >> 12, ($_->[1] + 4095) >> 12] }
		    grep { $_->[2] ne 'usable' } @{$b->{e820}});
}

# Which kept range (with its type) each piece of @pieces lies in, for the table.
sub explain {
	my ($b, @pieces) = @_;
	my @why;
	for my $p (@pieces) {
		for my $e (@{$b->{e820}}) {
			next if $e->[2] eq 'usable';
			my $r = [$e->[0] >> 12, ($e->[1] + 4095) >> 12];
			my @i = intersect([$p], [$r]);
			push @why, sprintf('%s %s', fmt_ranges(@i), $e->[2]) if @i;
		}
	}
	return @why;
}

# x86_64 zones, in pages.
my @zones = (['DMA', 0, 0x1000], ['DMA32', 0x1000, 0x100000], ['Normal', 0x100000, 1 << 52]);

# Linux's zone_spanned_pages_in_node() and present = spanned - absent.
sub zone_numbers {
	my ($ranges, $lo, $hi) = @_;
	return (0, 0) unless @$ranges;
	my ($ns, $ne) = ($ranges->[0][0], $ranges->[-1][1]);
	my $s = $ns > $lo ? $ns : $lo;
	my $e = $ne < $hi ? $ne : $hi;
	return (0, 0) if $s >= $e;
	return ($e - $s, count(intersect($ranges, [[$s, $e]])));
}

my $bios = parse($bios_log);
my $efi = parse($efi_log);
my %boot = (BIOS => $bios, EFI => $efi);

for my $name ('BIOS', 'EFI') {
	my $b = $boot{$name};
	report(scalar(@{$b->{e820}}) && scalar(%{$b->{nodes}}) && scalar(%{$b->{zones}}) ? 1 : 0,
	       "$name boot: the log has the e820 map, node ranges and zoneinfo") or exit 1;
}

my @node_ids = sort { $a <=> $b } keys %{$bios->{nodes}};
report(join(',', @node_ids) eq join(',', sort { $a <=> $b } keys %{$efi->{nodes}}),
       "both boots have nodes " . join(',', @node_ids));

# Pages both boots have sit on the same node.
my $same = 1;
for my $a (@node_ids) {
	for my $b (@node_ids) {
		next if $a == $b;
		my @x = intersect($bios->{nodes}{$a}, $efi->{nodes}{$b} // []);
		if (@x) {
			print "# BIOS node $a and EFI node $b share ", fmt_ranges(@x), "\n";
			$same = 0;
		}
	}
}
report($same, "every page both boots have is on the same node in both");

# Pages only one boot has must lie in what the other firmware keeps.
my @bios_all = norm(map { @{$bios->{nodes}{$_}} } @node_ids);
my @efi_all = norm(map { @{$efi->{nodes}{$_} // []} } @node_ids);
my @only_bios = subtract(\@bios_all, \@efi_all);	# OVMF keeps these
my @only_efi = subtract(\@efi_all, \@bios_all);		# SeaBIOS keeps these
my @ovmf_kept = firmware_kept($efi);
my @seabios_kept = firmware_kept($bios);
my @unexplained_b = subtract(\@only_bios, \@ovmf_kept);
my @unexplained_e = subtract(\@only_efi, \@seabios_kept);
report(!@unexplained_b, sprintf("the %d pages only the BIOS boot has are all kept by OVMF", count(@only_bios)))
	or print "#   not explained: ", fmt_ranges(@unexplained_b), "\n";
report(!@unexplained_e, sprintf("the %d pages only the EFI boot has are all kept by SeaBIOS", count(@only_efi)))
	or print "#   not explained: ", fmt_ranges(@unexplained_e), "\n";

# Zone numbers: each boot's own consistency, then BIOS -> EFI through the firmware ranges.
print "#\n# node zone   |  BIOS spanned  present |  EFI spanned  present | present: -OVMF keeps +SeaBIOS keeps\n";
my @explanations;
for my $nid (@node_ids) {
	for my $z (@zones) {
		my ($zname, $lo, $hi) = @$z;
		my $key = "$nid $zname";
		my ($bs, $bp) = zone_numbers($bios->{nodes}{$nid}, $lo, $hi);
		my ($es, $ep) = zone_numbers($efi->{nodes}{$nid} // [], $lo, $hi);
		my $bz = $bios->{zones}{$key} // {};
		my $ez = $efi->{zones}{$key} // {};
		next unless ($bz->{spanned} // 0) || ($ez->{spanned} // 0) || $bs || $es;
		my @zr = ([$lo, $hi]);
		my @lost = intersect([intersect(\@only_bios, \@zr)], $bios->{nodes}{$nid});
		my @gained = intersect([intersect(\@only_efi, \@zr)], $efi->{nodes}{$nid} // []);
		printf("# %-4d %-6s | %13d %8d | %12d %8d | -%d +%d\n", $nid, $zname,
		       $bz->{spanned} // -1, $bz->{present} // -1, $ez->{spanned} // -1,
		       $ez->{present} // -1, count(@lost), count(@gained));
		report(($bz->{spanned} // -1) == $bs && ($bz->{present} // -1) == $bp,
		       "BIOS node $nid $zname: zoneinfo spanned/present ($bz->{spanned}/$bz->{present}) match its node ranges ($bs/$bp)");
		report(($ez->{spanned} // -1) == $es && ($ez->{present} // -1) == $ep,
		       "EFI node $nid $zname: zoneinfo spanned/present ($ez->{spanned}/$ez->{present}) match its node ranges ($es/$ep)");
		report(($ez->{present} // -1) == ($bz->{present} // -1) - count(@lost) + count(@gained),
		       "node $nid $zname: EFI present = BIOS present - pages OVMF keeps + pages SeaBIOS keeps");
		# Spanned differs only where the node's first or last page is a firmware range.
		my $span_ok = 1;
		if ($bs && $es) {
			my ($b0, $b1) = (max($bios->{nodes}{$nid}[0][0], $lo), min($bios->{nodes}{$nid}[-1][1], $hi));
			my ($e0, $e1) = (max($efi->{nodes}{$nid}[0][0], $lo), min($efi->{nodes}{$nid}[-1][1], $hi));
			my @edge = norm([min($b0, $e0), max($b0, $e0)], [min($b1, $e1), max($b1, $e1)]);
			my @unexpl = subtract(\@edge, [norm(@ovmf_kept, @seabios_kept)]);
			$span_ok = !@unexpl;
			print "#   spanned differs outside firmware ranges: ", fmt_ranges(@unexpl), "\n" unless $span_ok;
		}
		report($span_ok, "node $nid $zname: spanned differs ($bs vs $es) only by firmware ranges at the node's edges");
		push @explanations, "node $nid $zname: OVMF keeps " . join('; ', explain($efi, @lost)) if @lost;
		push @explanations, "node $nid $zname: SeaBIOS keeps " . join('; ', explain($bios, @gained)) if @gained;
	}
}
print "#\n";
print "# $_\n" for @explanations;
print "1..$n\n";
exit $failed;

sub max { return $_[0] > $_[1] ? $_[0] : $_[1]; }
sub min { return $_[0] < $_[1] ? $_[0] : $_[1]; }
