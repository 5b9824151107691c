import time
from mel.reports import files
from mel.reports.tests.conftest import issued

def test_scratch(client, coordinator, city_a, period, caseload):
    t = time.time()
    version = issued(coordinator, city_a, period, what_worked="әғқңөұүһі worked")
    print("issue", time.time() - t)
    client.force_login(coordinator)
    for url in ("/reports/", f"/reports/{version.report_id}/", f"/reports/{version.report_id}/v1/"):
        r = client.get(url)
        print(url, r.status_code, len(r.content))
        assert r.status_code == 200, r.content.decode()[:3000]
    t = time.time()
    r = client.get(f"/reports/{version.report_id}/v1.pdf?language=kk")
    print("pdf", r.status_code, len(r.content), time.time() - t)
    open("/tmp/r.pdf", "wb").write(r.content)
    t = time.time()
    r = client.get(f"/reports/{version.report_id}/v1.xlsx?language=ru")
    print("xlsx", r.status_code, len(r.content), time.time() - t)
    open("/tmp/r.xlsx", "wb").write(r.content)
    open("/tmp/r.html", "wb").write(client.get(f"/reports/{version.report_id}/v1/").content)
