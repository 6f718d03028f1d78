"""Self-test of the stand-in: python3 -m unittest discover -s testing/fake-ipvsadm"""
import os
import subprocess
import tempfile
import unittest

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ipvsadm")


class FakeIpvsadmTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.env = dict(os.environ, FAKE_IPVSADM_STATE=os.path.join(self.dir.name, "s.json"),
                        FAKE_IPVSADM_TRACE=os.path.join(self.dir.name, "trace"))

    def tearDown(self):
        self.dir.cleanup()

    def run_ipvsadm(self, *args, stdin="", **env):
        r = subprocess.run([SCRIPT, *args], input=stdin, capture_output=True, text=True,
                           env=dict(self.env, **env), timeout=20)
        return r.returncode, r.stdout, r.stderr

    def save(self):
        return self.run_ipvsadm("-S", "-n")[1]

    def test_restore_goes_on_after_a_kernel_error_and_reports_the_last_line(self):
        rc, _, err = self.run_ipvsadm("-R", stdin="-A -t 10.0.0.1:80\n-A -t 10.0.0.1:80\n-A -t 10.0.0.2:80\n")
        self.assertEqual((rc, err), (0, "Service already exists\n"))
        self.assertEqual(self.save(), "-A -t 10.0.0.1:80 -s wlc\n-A -t 10.0.0.2:80 -s wlc\n")

    def test_restore_stops_at_an_ipvsadm_refusal(self):
        rc, _, err = self.run_ipvsadm("-R", stdin="-A -t 10.0.0.1:80\n-A -t 10.0.0.3:0\n-A -t 10.0.0.2:80\n")
        self.assertEqual((rc, err), (2, "Zero port specified for non-persistent service\n"))
        self.assertEqual(self.save(), "-A -t 10.0.0.1:80 -s wlc\n")

    def test_restore_goes_on_after_an_unknown_option_and_drops_the_word_ipvsadm(self):
        rc, _, err = self.run_ipvsadm("-R", stdin="-A -t 10.0.0.1:80 --bogus\nipvsadm -A -t 10.0.0.2:80\n\n")
        self.assertEqual((rc, err), (0, "--bogus: unknown option\n"))
        self.assertEqual(self.save(), "-A -t 10.0.0.2:80 -s wlc\n")

    def test_a_hash_is_not_a_comment(self):
        rc, _, err = self.run_ipvsadm("-R", stdin="# hello\n-A -t 10.0.0.2:80\n")
        self.assertEqual(rc, 255)
        self.assertIn("-h' or", err)
        self.assertEqual(self.save(), "")

    def test_port_rule_applies_to_add_and_edit_not_delete(self):
        self.run_ipvsadm("-A", "-t", "10.0.0.1:80")
        self.assertEqual(self.run_ipvsadm("-a", "-t", "10.0.0.1:80", "-r", "10.0.0.2:0")[0], 0)
        self.assertEqual(self.run_ipvsadm("-d", "-t", "10.0.0.1:80", "-r", "10.0.0.2:0"),
                         (255, "", "No such destination\n"))
        self.assertEqual(self.run_ipvsadm("-a", "-t", "10.0.0.1:80", "-r", "10.0.0.3:0", "-m")[0], 0)
        self.assertIn("-a -t 10.0.0.1:80 -r 10.0.0.2:80 -g -w 1\n-a -t 10.0.0.1:80 -r 10.0.0.3:0 -m -w 1\n",
                      self.save())

    def test_lower_threshold_above_upper_is_out_of_range(self):
        self.run_ipvsadm("-A", "-t", "10.0.0.1:80")
        self.assertEqual(self.run_ipvsadm("-a", "-t", "10.0.0.1:80", "-r", "10.0.0.2", "-y", "5"),
                         (255, "", "Numerical result out of range\n"))

    def test_popt_forms(self):
        self.assertEqual(self.run_ipvsadm("--add-service", "--tcp-service=10.0.0.1:80", "-swrr", "-p")[0], 0)
        self.assertEqual(self.save(), "-A -t 10.0.0.1:80 -s wrr -p 360\n")
        self.assertEqual(self.run_ipvsadm("-t", "10.0.0.1:80", "-A")[0], 255)
        self.assertEqual(self.run_ipvsadm("-A", "-t", "10.0.0.9:80", "extra"), (2, "", "unexpected argument extra\n"))
        self.assertEqual(self.run_ipvsadm("-A", "-t", "10.0.0.9:80", "-w", "1"),
                         (2, "", "Illegal 'weight' option with the 'add-service' command\n"))

    def test_failure_injection_and_unavailability(self):
        self.assertEqual(self.run_ipvsadm("-A", "-t", "10.0.0.1:80", FAKE_IPVSADM_FAIL_MATCHING="10\\.0"),
                         (255, "", "Memory allocation problem\n"))
        rc, out, err = self.run_ipvsadm("-L", "-n", FAKE_IPVSADM_UNAVAILABLE="1")
        self.assertEqual((rc, out), (2, ""))
        self.assertTrue(err.startswith("Can't initialize ipvs: Protocol not available\n"))

    def test_trace(self):
        self.run_ipvsadm("-R", stdin="-A -t 10.0.0.1:80\n")
        with open(self.env["FAKE_IPVSADM_TRACE"]) as f:
            self.assertEqual(f.read(), "argv\t-R\nstdin\t-A -t 10.0.0.1:80\nexit\t0\n")


if __name__ == "__main__":
    unittest.main()
