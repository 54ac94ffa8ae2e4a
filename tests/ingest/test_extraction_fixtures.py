"""A small in-memory catalogue shared by the extraction tests (no tests here)."""

from exportwatch.ingest.extraction import AuthorityEntry, ChipEntry, CompanyEntry, CountryEntry, Gazetteer


def small_gazetteer() -> Gazetteer:
    return Gazetteer(
        companies=[
            CompanyEntry("nvidia", ("Nvidia", "NVIDIA", "英伟达"), "US", ("ai-chips",)),
            CompanyEntry("amd", ("AMD", "Advanced Micro Devices"), "US"),
            CompanyEntry("arm", ("Arm",), "GB"),
            CompanyEntry("asml", ("ASML",), "NL"),
            CompanyEntry("huawei", ("Huawei", "华为"), "CN"),
            CompanyEntry("tsmc", ("TSMC",), "TW"),
            CompanyEntry("intel", ("Intel",), "US"),
            CompanyEntry("qualcomm", ("Qualcomm",), "US"),
            CompanyEntry("samsung", ("Samsung", "Samsung Electronics"), "KR"),
            CompanyEntry("sk-hynix", ("SK hynix", "SK Hynix"), "KR"),
            CompanyEntry("g42", ("G42",), "AE"),
            CompanyEntry("humain", ("Humain",), "SA"),
            CompanyEntry("synopsys", ("Synopsys",), "US", ("eda-software",)),
        ],
        chips=[
            ChipEntry("nvidia-h20", ("H20", "H-20", "H20芯片"), "nvidia"),
            ChipEntry("nvidia-h200", ("H200",), "nvidia"),
            ChipEntry("asml-nxt2000i", ("NXT:2000i",), "asml"),
            ChipEntry("amd-mi308", ("MI308", "Instinct MI308"), "amd"),
            ChipEntry("amd-mi100", ("MI100",), "amd"),
            ChipEntry("nvidia-a100", ("A100",), "nvidia"),
            ChipEntry("nvidia-h100", ("H100",), "nvidia"),
            ChipEntry("nvidia-gb200", ("GB200", "Grace Blackwell"), "nvidia"),
            ChipEntry("nvidia-gb300", ("GB300",), "nvidia"),
            ChipEntry("laptop-chips", ("laptop chips",), "", "category"),
            ChipEntry("smartphone-chips", ("smartphone chips",), "", "category"),
            ChipEntry("hbm", ("HBM",), "", "category"),
            ChipEntry("duv-lithography", ("DUV lithography", "immersion DUV scanners"), "", "category"),
            ChipEntry("chipmaking-equipment", ("chipmaking equipment",), "", "category"),
            ChipEntry("memory-chips", ("memory chips", "memory chip"), "", "category"),
            ChipEntry("ai-chips", ("AI chips",), "", "category"),
            ChipEntry("eda-software", ("EDA software",), "", "category"),
            ChipEntry("photoresist", ("photoresist", "photo-resist"), "", "category"),
        ],
        countries=[
            CountryEntry("CN", ("China", "中国", "mainland China"), ("Chinese",)),
            CountryEntry("HK", ("Hong Kong",)),
            CountryEntry("MO", ("Macau", "Macao")),
            CountryEntry("US", ("United States", "US", "U.S.")),
            CountryEntry("AE", ("United Arab Emirates", "UAE")),
            CountryEntry("TW", ("Taiwan",)),
            CountryEntry("AM", ("Armenia",)),
            CountryEntry("SA", ("Saudi Arabia",)),
            CountryEntry("VN", ("Vietnam",)),
            CountryEntry("MY", ("Malaysia",), ("Malaysian",)),
            CountryEntry("KR", ("South Korea", "Korea", "韩国"), ("Korean",)),
        ],
        authorities=[
            AuthorityEntry("us-bis", ("Bureau of Industry and Security", "BIS", "Commerce Department"), "US"),
            AuthorityEntry("nl-mfa", ("Dutch government",), "NL"),
            AuthorityEntry("cn-mofcom", ("MOFCOM", "商务部"), "CN"),
            AuthorityEntry("my-miti", ("MITI",), "MY"),
        ],
    )
