"""A small in-memory catalogue shared by the extraction tests (no tests here)."""

from exportwatch.ingest.extraction import AuthorityEntry, ChipEntry, CompanyEntry, CountryEntry, Gazetteer


def small_gazetteer() -> Gazetteer:
    return Gazetteer(
        companies=[
            CompanyEntry("nvidia", ("Nvidia", "NVIDIA", "英伟达"), "US"),
            CompanyEntry("amd", ("AMD", "Advanced Micro Devices"), "US"),
            CompanyEntry("arm", ("Arm",), "GB"),
            CompanyEntry("asml", ("ASML",), "NL"),
            CompanyEntry("huawei", ("Huawei", "华为"), "CN"),
            CompanyEntry("tsmc", ("TSMC",), "TW"),
        ],
        chips=[
            ChipEntry("nvidia-h20", ("H20", "H-20", "H20芯片"), "nvidia"),
            ChipEntry("nvidia-h200", ("H200",), "nvidia"),
            ChipEntry("amd-mi308", ("MI308", "Instinct MI308"), "amd"),
            ChipEntry("duv-lithography", ("DUV lithography", "immersion DUV scanners"), "", "category"),
            ChipEntry("chipmaking-equipment", ("chipmaking equipment",), "", "category"),
            ChipEntry("ai-chips", ("AI chips",), "", "category"),
        ],
        countries=[
            CountryEntry("CN", ("China", "中国", "mainland China"), ("Chinese",)),
            CountryEntry("HK", ("Hong Kong",)),
            CountryEntry("MO", ("Macau", "Macao")),
            CountryEntry("US", ("United States", "US", "U.S.")),
            CountryEntry("AE", ("United Arab Emirates", "UAE")),
            CountryEntry("TW", ("Taiwan",)),
            CountryEntry("AM", ("Armenia",)),
        ],
        authorities=[
            AuthorityEntry("us-bis", ("Bureau of Industry and Security", "BIS", "Commerce Department"), "US"),
            AuthorityEntry("nl-mfa", ("Dutch government",), "NL"),
            AuthorityEntry("cn-mofcom", ("MOFCOM", "商务部"), "CN"),
        ],
    )
