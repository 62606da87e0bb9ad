# balloon-stats workbench: the one entry point.
#
#   make demo     build the patched kernel, boot it with a virtio balloon and
#                 walk through an investigation (the main job)
#   make check    every test; ends with one line "N passed, M failed"
#   make check-debug  the KUnit suites and virtio scenarios under KASAN
#                 with lockdep and under KCSAN (long; CI runs it too)
#   make check-arm64, check-ppc64le, check-s390x
#                 the series on other architectures, cross-compiled and
#                 run under QEMU: scripts/check-arch.sh (CI runs them too)
#   make check-mainline
#                 the mainline series (mainline/) on 7.3, Debian's newest
#                 mainline source, fetched with an apt list of its own
#                 (CI runs it too)
#   make deb      Debian packages of the patched kernel, from Debian's
#                 configuration for cloud VMs, booted under QEMU (long;
#                 not part of check)
#   make bench    what the series costs, side by side with the base kernel
#   make bench-mainline
#                 what the mainline series costs on 7.3, side by side with
#                 7.3 and the series' fixes
#   make tree     out/linux: the base plus one git commit per patch
#   make export   write the commits of out/linux back to patches/
#   make clean    remove out/
#
# KERNEL_SRC=/path/to/v6.12.y uses that tree as the base instead of Debian's
# linux-source-6.12.  OUT=dir puts the work somewhere other than out/.

.PHONY: demo check check-debug check-arm64 check-ppc64le check-s390x check-mainline deb bench bench-mainline tree export clean deps

deps:
	@scripts/install-deps.sh

demo: deps
	@scripts/demo.sh

check: deps
	@scripts/check.sh

check-debug: deps
	@scripts/check-debug.sh

check-arm64 check-ppc64le check-s390x: deps
	@scripts/install-deps.sh $(@:check-%=%)
	@scripts/check-arch.sh $(@:check-%=%)

check-mainline: deps
	@scripts/install-deps.sh ppc64le
	@scripts/install-deps.sh s390x
	@scripts/check-mainline.sh

deb: deps
	@scripts/install-deps.sh deb
	@scripts/deb.sh

bench: deps
	@scripts/bench.sh

bench-mainline: deps
	@scripts/bench-mainline.sh

tree: deps
	@scripts/tree.sh

export:
	@scripts/export.sh

clean:
	rm -rf out
