"""Demo content for the procedure pages, used by ``load_demo_content``.

This module holds plain data only: editorial demo content written for this
project. It contains no fictional people, providers, or practices, and no
device or drug brand names. The Vertebroplasty sections reproduce the
project's seed page verbatim; every other text was written originally for
this project in American English.

The content is general and educational. It is not medical advice and does not
replace a conversation with a qualified healthcare provider. Procedure codes
are CPT/HCPCS codes and specialty codes are NUCC Health Care Provider Taxonomy
codes; they are included so that the demo can link procedures to the kinds of
clinicians who typically perform them.

Structure:

* ``PROCEDURES`` -- one dict per procedure page, in display order. Each has a
  ``slug``, ``title``, plain-text ``summary`` (listings and meta description),
  ``also_known_as``, ``cpt_codes``, ``specialties`` (taxonomy codes), six
  ``sections`` (overview, preparation, procedure, recovery, risks, aftercare;
  Wagtail-compatible rich text in ``body``) and ``featured_articles`` (ordered
  article slugs).
* ``ARTICLES`` -- short patient-education articles referenced by slug.
* ``SPECIALTIES`` -- every taxonomy code used above, once, with NUCC wording.
"""

from __future__ import annotations

PROCEDURES: list[dict] = [
    # ------------------------------------------------------------------
    # Vertebroplasty: section text reproduced verbatim from the seed page.
    # ------------------------------------------------------------------
    {
        "slug": "vertebroplasty",
        "title": "Vertebroplasty",
        "summary": (
            "A minimally invasive procedure in which medical-grade bone cement "
            "is injected into a fractured vertebra to stabilize it and relieve "
            "pain from a spinal compression fracture."
        ),
        "also_known_as": ["Percutaneous vertebroplasty"],
        "cpt_codes": ["22510", "22511", "22512"],
        "specialties": [
            "2085R0204X",
            "2085N0700X",
            "207T00000X",
            "207XS0117X",
            "208VP0014X",
        ],
        "sections": [
            {
                "type": "overview",
                "heading": "Overview of Vertebroplasty",
                "body": (
                    "<p>An osteoporosis or trauma-based compression fracture of "
                    "the spine can be treated with vertebroplasty, a minimally "
                    "invasive procedure. In vertebroplasty, medical-grade bone "
                    "cement is injected into the fractured vertebra to stabilize "
                    "it and alleviate pain. In order to improve mobility and "
                    "quality of life for people with vertebral fractures, this "
                    "procedure is typically performed by an interventional "
                    "radiologist or orthopedic surgeon.</p>"
                ),
            },
            {
                "type": "preparation",
                "heading": "Preparation",
                "body": (
                    "<p>To determine the location and severity of the spinal "
                    "fracture before vertebroplasty, patients may undergo imaging "
                    "tests such as X-rays, CT scans, and MRIs. Before the "
                    "procedure, it is essential that patients discuss any "
                    "existing medical conditions or concerns with their "
                    "healthcare provider. Certain medications could increase the "
                    "risk of bleeding or interfere with the procedure.</p>"
                ),
            },
            {
                "type": "procedure",
                "heading": "Procedure",
                "body": (
                    "<p>The procedure is usually performed under mild sedation or "
                    "local anesthesia on an outpatient basis. During the "
                    "procedure, the patient lies face down on the operating "
                    "table, and the skin over the affected area is cleaned and "
                    "sterilized. After inserting a needle into the fractured "
                    "vertebra under fluoroscopic guidance, medical-grade bone "
                    "cement is injected into the vertebra to stabilize it. Cement "
                    "hardens quickly, providing immediate structural support to "
                    "fractured bones.</p>"
                ),
            },
            {
                "type": "recovery",
                "heading": "Recovery",
                "body": (
                    "<p>Patients are typically monitored in a recovery area for a "
                    "short period after vertebroplasty before they are "
                    "discharged. A few days after the procedure, some discomfort "
                    "or soreness may persist at the injection site, but the "
                    "majority of patients experience immediate pain relief. If "
                    "patients experience discomfort during the recovery phase, "
                    "they may be prescribed pain medication and advised to avoid "
                    "strenuous activity for a short period of time.</p>"
                ),
            },
            {
                "type": "risks",
                "heading": "Risks",
                "body": (
                    "<p>A vertebroplasty procedure is generally considered safe, "
                    "however it does carry some risks, such as infection, "
                    "bleeding, nerve injury, or allergic reactions to the bone "
                    "cement. It is also possible for the cement to leak into "
                    "surrounding tissues, but this is extremely rare. Before "
                    "undergoing vertebroplasty, patients must discuss the "
                    "potential risks and benefits with their healthcare "
                    "provider.</p>"
                ),
            },
            {
                "type": "aftercare",
                "heading": "Aftercare",
                "body": (
                    "<p>To optimize recovery and optimize outcomes after "
                    "vertebroplasty, patients may be advised to follow specific "
                    "guidelines. It may be necessary to avoid heavy lifting or "
                    "strenuous activity for a period of time, wear a back brace "
                    "for support, and take prescribed medications as prescribed. "
                    "In order to evaluate the effectiveness of the procedure and "
                    "monitor progress, healthcare providers may schedule regular "
                    "follow-up appointments. In the event of any unusual symptoms "
                    "or complications, patients should contact their healthcare "
                    "provider immediately for further evaluation and "
                    "management.</p>"
                ),
            },
        ],
        "featured_articles": [
            "understanding-osteoporosis-and-spinal-compression-fractures",
            "how-to-prepare-for-your-first-consultation",
            "what-to-expect-from-anesthesia-and-sedation",
        ],
    },
    # ------------------------------------------------------------------
    {
        "slug": "kyphoplasty",
        "title": "Kyphoplasty",
        "summary": (
            "A minimally invasive spine procedure that uses a small balloon to "
            "create space inside a fractured vertebra, which is then filled with "
            "bone cement to stabilize the bone and ease pain."
        ),
        "also_known_as": [
            "Balloon kyphoplasty",
            "Percutaneous vertebral augmentation",
        ],
        "cpt_codes": ["22513", "22514", "22515"],
        "specialties": [
            "2085R0204X",
            "207XS0117X",
            "207T00000X",
            "208VP0014X",
        ],
        "sections": [
            {
                "type": "overview",
                "heading": "Overview of Kyphoplasty",
                "body": (
                    "<p>Kyphoplasty treats painful compression fractures of the "
                    "spine, most often caused by osteoporosis and sometimes by "
                    "injury or tumors. It is closely related to vertebroplasty, "
                    "with one added step: a small balloon is used to create a "
                    "space inside the collapsed vertebra before bone cement is "
                    "placed. The goals are to stabilize the fracture, reduce "
                    "pain, and in some cases restore part of the lost vertebral "
                    "height.</p>"
                ),
            },
            {
                "type": "preparation",
                "heading": "Preparation",
                "body": (
                    "<p>Your care team will review imaging and your medical "
                    "history to confirm that the fracture is likely to respond "
                    "to treatment. Before the procedure, you may be asked to:</p>"
                    "<ul>"
                    "<li>Have X-rays, an MRI, or a CT scan of the spine</li>"
                    "<li>Share a complete list of your medications, especially "
                    "blood thinners</li>"
                    "<li>Stop eating and drinking for a period of time before "
                    "sedation, as instructed</li>"
                    "<li>Arrange for someone to drive you home</li>"
                    "</ul>"
                ),
            },
            {
                "type": "procedure",
                "heading": "Procedure",
                "body": (
                    "<p>Kyphoplasty is usually done with sedation or general "
                    "anesthesia while you lie face down. Using X-ray guidance, "
                    "the doctor places a narrow tube through a small skin "
                    "incision into the fractured vertebra and inflates a balloon "
                    "to create a cavity. The balloon is then removed, and the "
                    "space is filled with bone cement, which hardens within "
                    "minutes.</p>"
                ),
            },
            {
                "type": "recovery",
                "heading": "Recovery",
                "body": (
                    "<p>Most people go home the same day, although some stay "
                    "overnight for observation. Soreness where the instruments "
                    "were inserted is common for a few days. Many patients "
                    "notice improvement in their fracture pain soon after the "
                    "procedure, and light walking is usually encouraged.</p>"
                ),
            },
            {
                "type": "risks",
                "heading": "Risks",
                "body": (
                    "<p>Kyphoplasty is generally considered safe, but like any "
                    "procedure it carries some risk. Possible complications "
                    "include infection, bleeding, a reaction to the sedation, "
                    "nerve irritation, and leakage of cement outside the "
                    "vertebra. Some people develop new fractures in nearby "
                    "vertebrae over time, usually related to underlying "
                    "osteoporosis.</p>"
                ),
            },
            {
                "type": "aftercare",
                "heading": "Aftercare",
                "body": (
                    "<p>Your doctor may recommend avoiding heavy lifting and "
                    "twisting for a while and gradually returning to normal "
                    "activities. Because many compression fractures are caused "
                    "by osteoporosis, ask your doctor about bone density testing "
                    "and treatment to help prevent future fractures. Contact "
                    "your care team right away if you develop fever, new "
                    "weakness or numbness, or worsening back pain.</p>"
                ),
            },
        ],
        "featured_articles": [
            "understanding-osteoporosis-and-spinal-compression-fractures",
            "what-to-expect-from-anesthesia-and-sedation",
            "recovering-at-home-after-outpatient-surgery",
        ],
    },
    # ------------------------------------------------------------------
    {
        "slug": "total-knee-replacement",
        "title": "Total Knee Replacement",
        "summary": (
            "Surgery that replaces the damaged surfaces of the knee joint with "
            "metal and plastic parts to relieve pain and improve movement, most "
            "often for advanced arthritis."
        ),
        "also_known_as": [
            "Total knee arthroplasty",
            "TKA",
            "Knee replacement",
        ],
        "cpt_codes": ["27447"],
        "specialties": ["207X00000X", "207XS0114X"],
        "sections": [
            {
                "type": "overview",
                "heading": "Overview of Total Knee Replacement",
                "body": (
                    "<p>Total knee replacement is surgery to resurface a knee "
                    "joint that has been damaged, most commonly by "
                    "osteoarthritis, rheumatoid arthritis, or an old injury. The "
                    "worn ends of the thighbone and shinbone, and often the back "
                    "of the kneecap, are replaced with metal and plastic "
                    "components. It is usually considered when knee pain and "
                    "stiffness limit daily life despite nonsurgical "
                    "treatments.</p>"
                ),
            },
            {
                "type": "preparation",
                "heading": "Preparation",
                "body": (
                    "<p>Preparation typically begins several weeks before "
                    "surgery. Common steps include:</p>"
                    "<ul>"
                    "<li>A medical evaluation, blood tests, and sometimes an "
                    "electrocardiogram</li>"
                    "<li>Reviewing your medications with your surgeon, "
                    "including blood thinners and supplements</li>"
                    "<li>Preparing your home with a clear walking path and a "
                    "stable chair</li>"
                    "<li>Arranging help with rides, meals, and errands for the "
                    "first weeks</li>"
                    "</ul>"
                    "<p>If you smoke, ask your doctor about quitting, since "
                    "smoking can slow healing.</p>"
                ),
            },
            {
                "type": "procedure",
                "heading": "Procedure",
                "body": (
                    "<p>The surgery is performed under general anesthesia or "
                    "spinal anesthesia, often combined with a nerve block for "
                    "pain control. Through an incision over the front of the "
                    "knee, the surgeon removes the damaged cartilage and a small "
                    "amount of underlying bone. The implants are then fitted, "
                    "secured in place, and checked for alignment and smooth "
                    "motion before the incision is closed.</p>"
                ),
            },
            {
                "type": "recovery",
                "heading": "Recovery",
                "body": (
                    "<p>Physical therapy usually begins on the day of surgery or "
                    "the next day. Depending on your health and your surgeon, "
                    "you may go home the same day or after a short hospital "
                    "stay. Swelling and stiffness are normal for weeks, and most "
                    "people use a walker or cane for a time while strength and "
                    "range of motion return.</p>"
                ),
            },
            {
                "type": "risks",
                "heading": "Risks",
                "body": (
                    "<p>Possible risks include infection, blood clots in the "
                    "legs or lungs, bleeding, stiffness, and injury to nearby "
                    "nerves or blood vessels. Some people have ongoing pain "
                    "after surgery, and over many years the implant can loosen "
                    "or wear. Your surgeon can explain how these risks apply to "
                    "your situation.</p>"
                ),
            },
            {
                "type": "aftercare",
                "heading": "Aftercare",
                "body": (
                    "<p>Doing your home exercises consistently is one of the "
                    "most important parts of recovery. Follow your care team's "
                    "instructions for wound care and blood clot prevention, and "
                    "take steps to prevent falls at home. Let your other "
                    "healthcare providers, including your dentist, know that you "
                    "have a joint replacement, and ask your surgeon whether any "
                    "special precautions apply.</p>"
                ),
            },
        ],
        "featured_articles": [
            "questions-to-ask-before-joint-replacement-surgery",
            "what-to-expect-from-anesthesia-and-sedation",
            "how-to-prepare-for-your-first-consultation",
        ],
    },
    # ------------------------------------------------------------------
    {
        "slug": "total-hip-replacement",
        "title": "Total Hip Replacement",
        "summary": (
            "Surgery that replaces the worn ball and socket of the hip joint "
            "with artificial components to relieve pain and restore mobility, "
            "most often for arthritis."
        ),
        "also_known_as": [
            "Total hip arthroplasty",
            "THA",
            "Hip replacement",
        ],
        "cpt_codes": ["27130"],
        "specialties": ["207X00000X", "207XS0114X"],
        "sections": [
            {
                "type": "overview",
                "heading": "Overview of Total Hip Replacement",
                "body": (
                    "<p>The hip is a ball-and-socket joint, and arthritis or "
                    "other conditions can wear down its smooth cartilage, "
                    "causing pain and stiffness. In a total hip replacement, the "
                    "damaged ball at the top of the thighbone and the socket in "
                    "the pelvis are replaced with artificial parts made of "
                    "metal, ceramic, or plastic. The procedure is usually "
                    "considered when pain limits walking, sleep, or everyday "
                    "activities despite other treatments.</p>"
                ),
            },
            {
                "type": "preparation",
                "heading": "Preparation",
                "body": (
                    "<p>Your surgeon will review X-rays, your overall health, "
                    "and your goals for activity after surgery. Before the "
                    "operation, you may be asked to:</p>"
                    "<ul>"
                    "<li>Complete a preoperative medical evaluation and lab "
                    "tests</li>"
                    "<li>Adjust or pause certain medications as directed by "
                    "your care team</li>"
                    "<li>Practice using a walker and learn exercises in "
                    "advance</li>"
                    "<li>Set up your home so everyday items are within easy "
                    "reach</li>"
                    "</ul>"
                ),
            },
            {
                "type": "procedure",
                "heading": "Procedure",
                "body": (
                    "<p>The operation is done under general or spinal "
                    "anesthesia. The surgeon reaches the hip through an incision "
                    "at the front, side, or back of the hip, removes the damaged "
                    "femoral head, and prepares the socket. A new socket, ball, "
                    "and stem are then placed and tested for stability and leg "
                    "length before the incision is closed.</p>"
                ),
            },
            {
                "type": "recovery",
                "heading": "Recovery",
                "body": (
                    "<p>Most people stand and walk with help on the day of "
                    "surgery or the next day. Some go home the same day, while "
                    "others stay in the hospital for a short time. A walker or "
                    "cane is typically used at first, and a physical therapy "
                    "program helps rebuild strength and balance over the "
                    "following weeks.</p>"
                ),
            },
            {
                "type": "risks",
                "heading": "Risks",
                "body": (
                    "<p>As with any major surgery, risks include infection, "
                    "bleeding, blood clots, and reactions to anesthesia. Risks "
                    "specific to hip replacement include dislocation of the new "
                    "joint, a difference in leg length, fracture of nearby bone, "
                    "and loosening or wear of the implant over time. Talk with "
                    "your surgeon about your individual risk factors.</p>"
                ),
            },
            {
                "type": "aftercare",
                "heading": "Aftercare",
                "body": (
                    "<p>Depending on the surgical approach, your surgeon may ask "
                    "you to follow <strong>hip precautions</strong>, such as "
                    "avoiding certain bending or crossing movements for a period "
                    "of time. Keep up with your exercises, follow instructions "
                    "for blood clot prevention, and attend follow-up visits. "
                    "Call your care team promptly if you notice increasing "
                    "redness, drainage, fever, calf pain, or sudden hip "
                    "pain.</p>"
                ),
            },
        ],
        "featured_articles": [
            "questions-to-ask-before-joint-replacement-surgery",
            "what-to-expect-from-anesthesia-and-sedation",
            "how-to-prepare-for-your-first-consultation",
        ],
    },
    # ------------------------------------------------------------------
    {
        "slug": "carpal-tunnel-release",
        "title": "Carpal Tunnel Release",
        "summary": (
            "An outpatient hand procedure that cuts the ligament roofing the "
            "carpal tunnel to take pressure off the median nerve and relieve "
            "numbness, tingling, and pain."
        ),
        "also_known_as": [
            "Carpal tunnel decompression",
            "Open carpal tunnel release",
            "Endoscopic carpal tunnel release",
        ],
        "cpt_codes": ["64721", "29848"],
        "specialties": [
            "207XS0106X",
            "2086S0105X",
            "2082S0105X",
            "207X00000X",
        ],
        "sections": [
            {
                "type": "overview",
                "heading": "Overview of Carpal Tunnel Release",
                "body": (
                    "<p>Carpal tunnel syndrome occurs when the median nerve is "
                    "squeezed as it passes through a narrow passage in the "
                    "wrist, causing numbness, tingling, and weakness in the hand. "
                    "Carpal tunnel release relieves this pressure by dividing the "
                    "transverse carpal ligament, the band of tissue that forms "
                    "the roof of the tunnel. Surgery is usually considered when "
                    "symptoms are severe or do not improve with splinting and "
                    "other nonsurgical care.</p>"
                ),
            },
            {
                "type": "preparation",
                "heading": "Preparation",
                "body": (
                    "<p>Your surgeon may order a nerve conduction study to "
                    "confirm the diagnosis and judge how much the nerve is "
                    "affected. Before surgery, it helps to:</p>"
                    "<ul>"
                    "<li>Tell your care team about blood thinners and other "
                    "medications you take</li>"
                    "<li>Remove rings and other jewelry from the affected "
                    "hand</li>"
                    "<li>Plan for limited use of that hand for a few days</li>"
                    "<li>Arrange a ride home if you will receive sedation</li>"
                    "</ul>"
                ),
            },
            {
                "type": "procedure",
                "heading": "Procedure",
                "body": (
                    "<p>The procedure is usually done as outpatient surgery "
                    "with local anesthesia, sometimes combined with sedation. "
                    "In an <em>open</em> release, the surgeon makes a small "
                    "incision in the palm and divides the ligament under direct "
                    "view. In an <em>endoscopic</em> release, a tiny camera "
                    "inserted through one or two small incisions guides the "
                    "cut.</p>"
                ),
            },
            {
                "type": "recovery",
                "heading": "Recovery",
                "body": (
                    "<p>Most people go home shortly after the procedure with a "
                    "bandage or light splint. Keeping the hand raised and gently "
                    "moving the fingers helps limit swelling and stiffness. "
                    "Night-time tingling often improves early, while grip "
                    "strength and long-standing numbness can take weeks to "
                    "months to recover.</p>"
                ),
            },
            {
                "type": "risks",
                "heading": "Risks",
                "body": (
                    "<p>Carpal tunnel release is a common procedure with a "
                    "generally low rate of complications. Possible risks include "
                    "infection, bleeding, scar tenderness, soreness at the base "
                    "of the palm, and injury to the nerve or its branches. "
                    "Symptoms may not fully resolve, especially when nerve "
                    "compression was severe, and they can occasionally "
                    "return.</p>"
                ),
            },
            {
                "type": "aftercare",
                "heading": "Aftercare",
                "body": (
                    "<p>Keep the incision clean and dry until your surgeon says "
                    "otherwise, and avoid heavy gripping or lifting while it "
                    "heals. Your care team may recommend hand therapy exercises "
                    "to restore strength and motion. Contact your surgeon if you "
                    "notice signs of infection or numbness that is getting worse "
                    "rather than better.</p>"
                ),
            },
        ],
        "featured_articles": [
            "recovering-at-home-after-outpatient-surgery",
            "what-to-expect-from-anesthesia-and-sedation",
        ],
    },
    # ------------------------------------------------------------------
    {
        "slug": "cataract-surgery",
        "title": "Cataract Surgery",
        "summary": (
            "An outpatient eye procedure that removes a cloudy natural lens and "
            "replaces it with a clear artificial lens to restore sharper "
            "vision."
        ),
        "also_known_as": [
            "Cataract extraction",
            "Phacoemulsification",
            "Lens replacement surgery",
        ],
        "cpt_codes": ["66984", "66982"],
        "specialties": ["207W00000X", "207WX0120X"],
        "sections": [
            {
                "type": "overview",
                "heading": "Overview of Cataract Surgery",
                "body": (
                    "<p>A cataract is a clouding of the eye's natural lens that "
                    "can make vision blurry, dim, or glare-filled. Cataract "
                    "surgery removes the cloudy lens and replaces it with a "
                    "clear artificial lens called an intraocular lens. It is one "
                    "of the most commonly performed operations and is usually "
                    "recommended when a cataract interferes with daily "
                    "activities such as reading or driving.</p>"
                ),
            },
            {
                "type": "preparation",
                "heading": "Preparation",
                "body": (
                    "<p>Before surgery, your eye doctor measures the shape and "
                    "length of your eye to choose the right lens power and "
                    "discusses lens options with you. Typical preparation "
                    "includes:</p>"
                    "<ul>"
                    "<li>Telling your doctor about all medications, including "
                    "any taken for urinary symptoms, which can affect the "
                    "iris</li>"
                    "<li>Using prescribed eye drops as directed</li>"
                    "<li>Following instructions about eating and drinking "
                    "beforehand</li>"
                    "<li>Arranging a ride home after the procedure</li>"
                    "</ul>"
                ),
            },
            {
                "type": "procedure",
                "heading": "Procedure",
                "body": (
                    "<p>The eye is numbed with drops or an injection, and light "
                    "sedation is often given to help you relax. Through a very "
                    "small incision, the surgeon usually breaks up the cloudy "
                    "lens with ultrasound energy and gently removes it, then "
                    "places the folded artificial lens, which unfolds into "
                    "position. Stitches are often not needed, and the two eyes "
                    "are usually treated on separate days.</p>"
                ),
            },
            {
                "type": "recovery",
                "heading": "Recovery",
                "body": (
                    "<p>You go home the same day, often with a protective shield "
                    "over the eye. Vision may be blurry at first and typically "
                    "improves over the following days. Mild scratchiness, "
                    "watering, and light sensitivity are common early on, and a "
                    "follow-up exam is usually scheduled soon after "
                    "surgery.</p>"
                ),
            },
            {
                "type": "risks",
                "heading": "Risks",
                "body": (
                    "<p>Serious complications are uncommon, but possible risks "
                    "include infection, inflammation, swelling of the cornea or "
                    "retina, increased eye pressure, bleeding, and retinal "
                    "detachment. Some people later develop clouding of the thin "
                    "membrane behind the new lens, which can blur vision again "
                    "and is usually treated with a quick laser procedure.</p>"
                ),
            },
            {
                "type": "aftercare",
                "heading": "Aftercare",
                "body": (
                    "<p>Use your eye drops exactly as prescribed and avoid "
                    "rubbing or pressing on the eye. Your doctor may advise you "
                    "to wear the shield while sleeping and to avoid swimming, "
                    "heavy lifting, and dusty environments for a short time. "
                    "Seek care right away for increasing eye pain, worsening "
                    "vision, new flashes or floaters, or a curtain-like shadow "
                    "in your vision.</p>"
                ),
            },
        ],
        "featured_articles": [
            "recovering-at-home-after-outpatient-surgery",
            "how-to-prepare-for-your-first-consultation",
        ],
    },
    # ------------------------------------------------------------------
    {
        "slug": "colonoscopy",
        "title": "Colonoscopy",
        "summary": (
            "An examination of the large intestine with a flexible camera, used "
            "to screen for colorectal cancer, investigate symptoms, and remove "
            "polyps."
        ),
        "also_known_as": [
            "Screening colonoscopy",
            "Diagnostic colonoscopy",
            "Lower endoscopy",
        ],
        "cpt_codes": ["45378", "45380", "45385", "G0105", "G0121"],
        "specialties": ["207RG0100X", "208C00000X", "208600000X"],
        "sections": [
            {
                "type": "overview",
                "heading": "Overview of Colonoscopy",
                "body": (
                    "<p>A colonoscopy lets a doctor examine the lining of the "
                    "colon and rectum using a long, flexible tube with a small "
                    "camera. It is used to screen for colorectal cancer and "
                    "precancerous polyps, and to look for causes of symptoms "
                    "such as bleeding, changes in bowel habits, or abdominal "
                    "pain. Polyps can often be removed and tissue samples taken "
                    "during the same exam.</p>"
                ),
            },
            {
                "type": "preparation",
                "heading": "Preparation",
                "body": (
                    "<p>A clean colon is essential for a thorough exam, so "
                    "careful bowel preparation is the most important step. Your "
                    "care team will give you specific instructions, which "
                    "commonly include:</p>"
                    "<ul>"
                    "<li>Following a low-fiber or clear liquid diet before the "
                    "exam</li>"
                    "<li>Drinking the prescribed bowel preparation on "
                    "schedule</li>"
                    "<li>Asking how to adjust diabetes medications, blood "
                    "thinners, or iron supplements</li>"
                    "<li>Arranging for an adult to drive you home after "
                    "sedation</li>"
                    "</ul>"
                ),
            },
            {
                "type": "procedure",
                "heading": "Procedure",
                "body": (
                    "<p>You will usually lie on your side and receive sedation "
                    "or anesthesia to keep you comfortable. The doctor gently "
                    "advances the colonoscope through the rectum and colon, "
                    "inflating the bowel with air or carbon dioxide to see the "
                    "lining clearly. Polyps may be removed with small "
                    "instruments passed through the scope, and the exam "
                    "typically takes less than an hour.</p>"
                ),
            },
            {
                "type": "recovery",
                "heading": "Recovery",
                "body": (
                    "<p>You will rest in a recovery area until the sedation "
                    "wears off. Bloating, gas, and mild cramping are common for "
                    "a few hours. Because sedation affects judgment and "
                    "reflexes, plan to avoid driving, working, and making "
                    "important decisions for the rest of the day.</p>"
                ),
            },
            {
                "type": "risks",
                "heading": "Risks",
                "body": (
                    "<p>Colonoscopy is generally safe. Possible risks include "
                    "bleeding, especially after polyp removal, a reaction to "
                    "sedation, and, rarely, a tear in the wall of the colon "
                    "called a perforation. Bowel preparation can also cause "
                    "dehydration, so follow your instructions closely and talk "
                    "to your doctor if you have kidney or heart "
                    "conditions.</p>"
                ),
            },
            {
                "type": "aftercare",
                "heading": "Aftercare",
                "body": (
                    "<p>Most people can return to their usual diet soon after "
                    "the exam unless told otherwise. If tissue was removed, "
                    "results are usually available within days, and your doctor "
                    "will recommend when to have your next colonoscopy based on "
                    "the findings. Call right away for severe abdominal pain, "
                    "fever, dizziness, or more than a small amount of rectal "
                    "bleeding.</p>"
                ),
            },
        ],
        "featured_articles": [
            "getting-ready-for-a-colonoscopy-bowel-prep-basics",
            "what-to-expect-from-anesthesia-and-sedation",
        ],
    },
    # ------------------------------------------------------------------
    {
        "slug": "epidural-steroid-injection",
        "title": "Epidural Steroid Injection",
        "summary": (
            "An image-guided injection of anti-inflammatory medication near "
            "irritated spinal nerves, used to relieve neck, back, arm, or leg "
            "pain such as sciatica."
        ),
        "also_known_as": [
            "ESI",
            "Interlaminar epidural injection",
            "Transforaminal epidural injection",
        ],
        "cpt_codes": [
            "62321",
            "62323",
            "64479",
            "64480",
            "64483",
            "64484",
        ],
        "specialties": [
            "208VP0014X",
            "207LP2900X",
            "2081P2900X",
            "2085N0700X",
        ],
        "sections": [
            {
                "type": "overview",
                "heading": "Overview of Epidural Steroid Injection",
                "body": (
                    "<p>An epidural steroid injection delivers a corticosteroid, "
                    "often together with a local anesthetic, into the epidural "
                    "space around the spinal nerves. It is used to reduce "
                    "inflammation and pain caused by conditions such as a "
                    "herniated disc or spinal stenosis, particularly pain that "
                    "travels into the arm or leg. The injection is meant to ease "
                    "symptoms so that you can be more active and take part in "
                    "physical therapy; it does not correct the underlying "
                    "condition.</p>"
                ),
            },
            {
                "type": "preparation",
                "heading": "Preparation",
                "body": (
                    "<p>Your doctor will review your symptoms and imaging to "
                    "choose the level and approach for the injection. Before "
                    "the appointment:</p>"
                    "<ul>"
                    "<li>Ask whether any blood thinners should be paused, and "
                    "do not stop them without your doctor's guidance</li>"
                    "<li>Mention allergies, especially to contrast dye or local "
                    "anesthetics</li>"
                    "<li>Let your care team know if you have diabetes, an "
                    "infection, or could be pregnant</li>"
                    "<li>Arrange a ride home if you will receive sedation</li>"
                    "</ul>"
                ),
            },
            {
                "type": "procedure",
                "heading": "Procedure",
                "body": (
                    "<p>You will lie on a table, usually face down, and the "
                    "skin is cleaned and numbed. Using fluoroscopy (live X-ray) "
                    "or CT guidance, the doctor guides a thin needle to the "
                    "target area and often injects a small amount of contrast "
                    "dye to confirm placement. The medication is then injected "
                    "between the vertebrae (interlaminar) or beside the nerve "
                    "root where it exits the spine (transforaminal).</p>"
                ),
            },
            {
                "type": "recovery",
                "heading": "Recovery",
                "body": (
                    "<p>You will be observed for a short time before going "
                    "home. Temporary numbness or heaviness in the arm or leg can "
                    "occur from the local anesthetic, and soreness at the "
                    "injection site is common. The steroid may take several days "
                    "to start working, and pain can briefly increase before it "
                    "improves.</p>"
                ),
            },
            {
                "type": "risks",
                "heading": "Risks",
                "body": (
                    "<p>Side effects are usually mild and short-lived, such as "
                    "soreness, facial flushing, trouble sleeping, or a temporary "
                    "rise in blood sugar. Less common risks include headache "
                    "from a puncture of the spinal fluid sac, infection, "
                    "bleeding, and allergic reaction. Serious nerve injury is "
                    "rare; your doctor can explain how the chosen approach "
                    "affects your risks.</p>"
                ),
            },
            {
                "type": "aftercare",
                "heading": "Aftercare",
                "body": (
                    "<p>Most people return to light activity the next day. "
                    "Keeping a simple pain diary can help you and your doctor "
                    "judge how well the injection worked and whether another one "
                    "makes sense. Seek care right away for fever, severe "
                    "headache, new weakness, or loss of bladder or bowel "
                    "control.</p>"
                ),
            },
        ],
        "featured_articles": [
            "understanding-treatment-options-for-back-and-neck-pain",
            "how-to-prepare-for-your-first-consultation",
        ],
    },
    # ------------------------------------------------------------------
    {
        "slug": "lumbar-spinal-fusion",
        "title": "Lumbar Spinal Fusion",
        "summary": (
            "Surgery that permanently joins two or more vertebrae in the lower "
            "back so they heal into a single solid bone, reducing painful motion "
            "or instability."
        ),
        "also_known_as": [
            "Lumbar fusion",
            "Lumbar arthrodesis",
            "Spinal fusion surgery",
        ],
        "cpt_codes": ["22612", "22614", "22630", "22633", "22558"],
        "specialties": ["207XS0117X", "207T00000X", "207X00000X"],
        "sections": [
            {
                "type": "overview",
                "heading": "Overview of Lumbar Spinal Fusion",
                "body": (
                    "<p>Lumbar spinal fusion joins two or more vertebrae in the "
                    "lower back so they heal together into one solid segment. It "
                    "may be recommended for conditions such as spondylolisthesis "
                    "(a slipped vertebra), spinal instability, certain "
                    "fractures, or deformity, usually after nonsurgical "
                    "treatments have been tried. Fusion is often combined with "
                    "decompression, which removes bone or disc material pressing "
                    "on nerves.</p>"
                ),
            },
            {
                "type": "preparation",
                "heading": "Preparation",
                "body": (
                    "<p>Your surgeon will use X-rays, MRI, or CT scans to plan "
                    "the operation and will review your overall health. Helpful "
                    "steps before surgery include:</p>"
                    "<ul>"
                    "<li>Stopping smoking and nicotine use, which can interfere "
                    "with bone healing</li>"
                    "<li>Reviewing medications that affect bleeding or bone "
                    "health with your care team</li>"
                    "<li>Asking whether a bone density test is needed</li>"
                    "<li>Arranging help at home for the first weeks</li>"
                    "</ul>"
                ),
            },
            {
                "type": "procedure",
                "heading": "Procedure",
                "body": (
                    "<p>Fusion is performed under general anesthesia and can be "
                    "done from the back, front, or side of the spine, depending "
                    "on the condition being treated. The surgeon prepares the "
                    "bone surfaces and places bone graft, which may come from "
                    "your own body, a donor, or a synthetic substitute. Screws, "
                    "rods, or spacers called cages are commonly used to hold the "
                    "vertebrae in position while the bone heals.</p>"
                ),
            },
            {
                "type": "recovery",
                "heading": "Recovery",
                "body": (
                    "<p>Most people stay in the hospital for a few days and "
                    "begin walking soon after surgery. Pain and fatigue are "
                    "expected in the early weeks, and some surgeons recommend a "
                    "back brace. The bone fusion itself develops gradually over "
                    "several months, so activity is increased step by step with "
                    "your surgeon's guidance.</p>"
                ),
            },
            {
                "type": "risks",
                "heading": "Risks",
                "body": (
                    "<p>Risks include infection, bleeding, blood clots, nerve "
                    "injury, and reactions to anesthesia. The bones may not fuse "
                    "as intended, a problem called nonunion, and hardware can "
                    "occasionally loosen or break. Over time, extra stress on the "
                    "levels above or below the fusion can lead to wear at those "
                    "segments, and some people continue to have back pain.</p>"
                ),
            },
            {
                "type": "aftercare",
                "heading": "Aftercare",
                "body": (
                    "<p>Early on, your surgeon may ask you to limit bending, "
                    "lifting, and twisting. Walking and, when cleared, physical "
                    "therapy help rebuild strength and endurance, and avoiding "
                    "nicotine supports bone healing. Follow-up visits with "
                    "X-rays are used to check the fusion, and you should call "
                    "your surgeon about fever, wound drainage, new weakness, or "
                    "changes in bladder or bowel control.</p>"
                ),
            },
        ],
        "featured_articles": [
            "understanding-treatment-options-for-back-and-neck-pain",
            "what-to-expect-from-anesthesia-and-sedation",
            "how-to-prepare-for-your-first-consultation",
        ],
    },
    # ------------------------------------------------------------------
    {
        "slug": "rotator-cuff-repair",
        "title": "Rotator Cuff Repair",
        "summary": (
            "Surgery to reattach torn rotator cuff tendons to the upper arm "
            "bone, most often done arthroscopically, to relieve shoulder pain "
            "and restore strength."
        ),
        "also_known_as": [
            "Arthroscopic rotator cuff repair",
            "Shoulder tendon repair",
        ],
        "cpt_codes": ["29827", "23410", "23412"],
        "specialties": ["207X00000X", "207XX0005X"],
        "sections": [
            {
                "type": "overview",
                "heading": "Overview of Rotator Cuff Repair",
                "body": (
                    "<p>The rotator cuff is a group of muscles and tendons that "
                    "keeps the shoulder stable and helps lift and rotate the "
                    "arm. Tears can result from a sudden injury or from gradual "
                    "wear, causing pain, weakness, and difficulty reaching "
                    "overhead. Rotator cuff repair reattaches the torn tendon to "
                    "the bone and is considered when symptoms persist despite "
                    "rest and therapy, or after certain acute tears.</p>"
                ),
            },
            {
                "type": "preparation",
                "heading": "Preparation",
                "body": (
                    "<p>Your surgeon will examine your shoulder and review "
                    "imaging, often an MRI or ultrasound, to assess the size of "
                    "the tear. To get ready, you may want to:</p>"
                    "<ul>"
                    "<li>Practice daily tasks with your other arm</li>"
                    "<li>Wear loose, front-opening shirts</li>"
                    "<li>Set up a comfortable place to sleep sitting partly "
                    "upright</li>"
                    "<li>Review your medications with your care team</li>"
                    "</ul>"
                ),
            },
            {
                "type": "procedure",
                "heading": "Procedure",
                "body": (
                    "<p>Most repairs are done arthroscopically, using a small "
                    "camera and instruments inserted through several small "
                    "incisions, although some tears need a larger open "
                    "approach. General anesthesia is common, often with a nerve "
                    "block for pain control. The surgeon places small anchors in "
                    "the bone and uses sutures to attach the tendon back in "
                    "place.</p>"
                ),
            },
            {
                "type": "recovery",
                "heading": "Recovery",
                "body": (
                    "<p>Most patients go home the same day with the arm in a "
                    "sling, which is usually worn for several weeks to protect "
                    "the repair. Physical therapy typically starts with gentle "
                    "motion and progresses to strengthening over time. Full "
                    "recovery often takes several months, and patience with the "
                    "process is important.</p>"
                ),
            },
            {
                "type": "risks",
                "heading": "Risks",
                "body": (
                    "<p>Possible risks include shoulder stiffness, infection, "
                    "bleeding, nerve injury, and complications related to "
                    "anesthesia or the nerve block. The tendon may fail to heal "
                    "or tear again, particularly with large or long-standing "
                    "tears. Your surgeon can discuss how the features of your "
                    "tear affect these risks.</p>"
                ),
            },
            {
                "type": "aftercare",
                "heading": "Aftercare",
                "body": (
                    "<p>Wear the sling as directed and avoid lifting, pushing, "
                    "or reaching with the operated arm until your surgeon clears "
                    "you. Ice and your prescribed pain plan can help with "
                    "comfort in the first days. Attend therapy sessions and do "
                    "your home exercises, and contact your care team for fever, "
                    "wound drainage, or pain that keeps getting worse.</p>"
                ),
            },
        ],
        "featured_articles": [
            "recovering-at-home-after-outpatient-surgery",
            "what-to-expect-from-anesthesia-and-sedation",
            "how-to-prepare-for-your-first-consultation",
        ],
    },
]


ARTICLES: list[dict] = [
    {
        "slug": "how-to-prepare-for-your-first-consultation",
        "title": "How to Prepare for Your First Consultation",
        "summary": (
            "A little preparation helps you make the most of a first visit with a specialist."
        ),
        "body": (
            "<p>A first consultation with a specialist is a chance to share "
            "your story, understand your diagnosis, and learn about your "
            "options. Appointments can feel short, so a bit of preparation "
            "helps you cover what matters most to you.</p>"
            "<p>Before the visit, gather the information your new doctor is "
            "likely to ask about:</p>"
            "<ul>"
            "<li>A list of your current medications and supplements</li>"
            "<li>Allergies and past surgeries</li>"
            "<li>Recent imaging reports, test results, and referral "
            "letters</li>"
            "<li>A short timeline of your symptoms and what makes them better "
            "or worse</li>"
            "</ul>"
            "<p>Write down your questions in advance and bring them with you. "
            "It can help to bring a family member or friend to take notes and "
            "remember details.</p>"
            "<p>Before you leave, make sure you understand the next steps, "
            "such as tests, referrals, or follow-up appointments, and how to "
            "reach the office if new questions come up.</p>"
        ),
    },
    {
        "slug": "understanding-osteoporosis-and-spinal-compression-fractures",
        "title": "Understanding Osteoporosis and Spinal Compression Fractures",
        "summary": (
            "Learn how weakened bones can lead to spinal fractures and what you "
            "can do to protect your spine."
        ),
        "body": (
            "<p>Osteoporosis is a condition in which bones become thinner and "
            "more fragile. It often develops silently, without symptoms, until "
            "a bone breaks.</p>"
            "<p>The vertebrae of the spine are among the bones most commonly "
            "affected. A compression fracture happens when a weakened vertebra "
            "collapses, sometimes after a minor fall, a cough, or simply "
            "bending forward. It may cause sudden back pain, loss of height, or "
            "a gradually rounded upper back.</p>"
            "<p>Treatment depends on the fracture and your symptoms. Many "
            "fractures are managed with rest, pain control, and physical "
            "therapy, while painful fractures that do not improve may be "
            "treated with procedures such as vertebroplasty or "
            "kyphoplasty.</p>"
            "<p>Protecting your bones is just as important as treating a "
            "fracture. Ask your doctor whether a bone density test is right for "
            "you, and talk about nutrition, weight-bearing exercise, fall "
            "prevention, and medications that strengthen bone.</p>"
        ),
    },
    {
        "slug": "questions-to-ask-before-joint-replacement-surgery",
        "title": "Questions to Ask Before Joint Replacement Surgery",
        "summary": (
            "Use these questions to have a clear, informed conversation with "
            "your surgeon about knee or hip replacement."
        ),
        "body": (
            "<p>Deciding on joint replacement is a significant choice, and it "
            "is worth taking time to understand what surgery involves and what "
            "you can expect afterward.</p>"
            "<p>Questions you may want to ask your surgeon include:</p>"
            "<ul>"
            "<li>Have I tried the nonsurgical treatments that make sense for "
            "me?</li>"
            "<li>What type of implant and surgical approach do you recommend, "
            "and why?</li>"
            "<li>What kind of anesthesia will I have?</li>"
            "<li>How long will I stay in the hospital, and what help will I "
            "need at home?</li>"
            "<li>What does rehabilitation involve, and when can I drive, work, "
            "or exercise again?</li>"
            "</ul>"
            "<p>It is also reasonable to ask about the risks that apply to you "
            "personally, given your age, health conditions, and activity "
            "level.</p>"
            "<p>Bring a written list to your appointment, take notes, and "
            "remember that it is always acceptable to seek a second "
            "opinion.</p>"
        ),
    },
    {
        "slug": "what-to-expect-from-anesthesia-and-sedation",
        "title": "What to Expect From Anesthesia and Sedation",
        "summary": (
            "An introduction to the main types of anesthesia and how to prepare for them safely."
        ),
        "body": (
            "<p>Anesthesia keeps you comfortable and safe during a procedure. "
            "The type you receive depends on the procedure, your health, and "
            "the preferences you discuss with your care team.</p>"
            "<p><strong>Local anesthesia</strong> numbs a small area. "
            "<strong>Sedation</strong> ranges from light, where you are relaxed "
            "but awake, to deeper levels where you are unlikely to remember the "
            "procedure. <strong>Regional anesthesia</strong>, such as a spinal "
            "or a nerve block, numbs a larger part of the body, and "
            "<strong>general anesthesia</strong> puts you into a fully "
            "unconscious state.</p>"
            "<p>Before your procedure, follow the fasting instructions you are "
            "given and tell your team about your medications, allergies, "
            "previous reactions to anesthesia, and any sleep apnea or breathing "
            "problems.</p>"
            "<p>Afterward, you may feel drowsy or slightly nauseated. Because "
            "sedation and anesthesia affect reaction time and judgment, plan "
            "for someone to drive you home and avoid important decisions for "
            "the rest of the day.</p>"
        ),
    },
    {
        "slug": "getting-ready-for-a-colonoscopy-bowel-prep-basics",
        "title": "Getting Ready for a Colonoscopy: Bowel Prep Basics",
        "summary": (
            "Practical tips to help you complete your bowel preparation "
            "comfortably and get the clearest possible exam."
        ),
        "body": (
            "<p>The quality of a colonoscopy depends heavily on how clean the "
            "colon is. If the bowel is not fully cleared, small polyps can be "
            "missed and the exam may need to be repeated.</p>"
            "<p>Your care team will give you a specific prep and schedule. "
            "Read the instructions several days ahead so you have time to buy "
            "supplies and ask questions, especially about diabetes medications "
            "or blood thinners.</p>"
            "<p>A few practical tips:</p>"
            "<ul>"
            "<li>Stock up on approved clear liquids, such as broth and clear "
            "juices</li>"
            "<li>Chill the prep solution if your instructions allow it</li>"
            "<li>Stay close to a bathroom and use soft wipes or a barrier "
            "cream</li>"
            "</ul>"
            "<p>Call your care team if you cannot keep the prep down, feel "
            "dizzy, or are unsure whether your bowel is clear. They would rather "
            "hear from you than reschedule your exam.</p>"
        ),
    },
    {
        "slug": "recovering-at-home-after-outpatient-surgery",
        "title": "Recovering at Home After Outpatient Surgery",
        "summary": (
            "Simple steps that help you recover safely at home after a same-day procedure."
        ),
        "body": (
            "<p>Many procedures are now done on an outpatient basis, which "
            "means you go home the same day. Recovering at home can be "
            "comfortable, but it works best with some planning.</p>"
            "<p>Arrange for an adult to drive you home and, if possible, to "
            "stay with you for the first night. Set up a resting area with "
            "water, your medications, your phone, and written discharge "
            "instructions within reach.</p>"
            "<p>Follow your instructions for wound care, activity, and "
            "medications, and take pain medicine only as prescribed. Gentle "
            "movement, such as short walks, can help your circulation unless "
            "you have been told otherwise.</p>"
            "<p>Know the warning signs that need a call to your care team, "
            "such as fever, increasing redness or drainage from the wound, "
            "pain that keeps getting worse, or trouble breathing. For a medical "
            "emergency, call 911.</p>"
        ),
    },
    {
        "slug": "understanding-treatment-options-for-back-and-neck-pain",
        "title": "Understanding Treatment Options for Back and Neck Pain",
        "summary": (
            "An overview of the range of treatments for spine pain, from "
            "self-care to injections and surgery."
        ),
        "body": (
            "<p>Back and neck pain are very common, and many episodes improve "
            "with time and simple self-care. When pain lasts or is severe, a "
            "healthcare provider can help identify the cause and suggest a "
            "plan.</p>"
            "<p>Treatment often starts with conservative options such as "
            "staying active, physical therapy, heat or ice, and medications "
            "recommended by your doctor. These approaches help many people and "
            "are usually tried before more invasive options.</p>"
            "<p>If pain persists, especially pain that travels into an arm or "
            "leg, your doctor may suggest an image-guided injection, such as an "
            "epidural steroid injection. Surgery, including decompression or "
            "spinal fusion, is generally reserved for specific problems or when "
            "other treatments have not helped.</p>"
            "<p>Seek prompt medical care for back pain with fever, new leg "
            "weakness, numbness in the groin area, or loss of bladder or bowel "
            "control.</p>"
        ),
    },
]


SPECIALTIES: list[dict] = [
    {
        "code": "2085R0204X",
        "grouping": "Allopathic & Osteopathic Physicians",
        "classification": "Radiology",
        "specialization": "Vascular & Interventional Radiology",
        "display_name": "Vascular & Interventional Radiology Physician",
    },
    {
        "code": "2085N0700X",
        "grouping": "Allopathic & Osteopathic Physicians",
        "classification": "Radiology",
        "specialization": "Neuroradiology",
        "display_name": "Neuroradiology Physician",
    },
    {
        "code": "207T00000X",
        "grouping": "Allopathic & Osteopathic Physicians",
        "classification": "Neurological Surgery",
        "specialization": "",
        "display_name": "Neurological Surgery Physician",
    },
    {
        "code": "207X00000X",
        "grouping": "Allopathic & Osteopathic Physicians",
        "classification": "Orthopaedic Surgery",
        "specialization": "",
        "display_name": "Orthopaedic Surgery Physician",
    },
    {
        "code": "207XS0117X",
        "grouping": "Allopathic & Osteopathic Physicians",
        "classification": "Orthopaedic Surgery",
        "specialization": "Orthopaedic Surgery of the Spine",
        "display_name": "Orthopaedic Surgery of the Spine Physician",
    },
    {
        "code": "207XS0114X",
        "grouping": "Allopathic & Osteopathic Physicians",
        "classification": "Orthopaedic Surgery",
        "specialization": "Adult Reconstructive Orthopaedic Surgery",
        "display_name": "Adult Reconstructive Orthopaedic Surgery Physician",
    },
    {
        "code": "207XS0106X",
        "grouping": "Allopathic & Osteopathic Physicians",
        "classification": "Orthopaedic Surgery",
        "specialization": "Hand Surgery",
        "display_name": "Orthopaedic Hand Surgery Physician",
    },
    {
        "code": "207XX0005X",
        "grouping": "Allopathic & Osteopathic Physicians",
        "classification": "Orthopaedic Surgery",
        "specialization": "Sports Medicine",
        "display_name": "Sports Medicine (Orthopaedic Surgery) Physician",
    },
    {
        "code": "208VP0014X",
        "grouping": "Allopathic & Osteopathic Physicians",
        "classification": "Pain Medicine",
        "specialization": "Interventional Pain Medicine",
        "display_name": "Interventional Pain Medicine Physician",
    },
    {
        "code": "207LP2900X",
        "grouping": "Allopathic & Osteopathic Physicians",
        "classification": "Anesthesiology",
        "specialization": "Pain Medicine",
        "display_name": "Pain Medicine (Anesthesiology) Physician",
    },
    {
        "code": "2081P2900X",
        "grouping": "Allopathic & Osteopathic Physicians",
        "classification": "Physical Medicine & Rehabilitation",
        "specialization": "Pain Medicine",
        "display_name": "Pain Medicine (Physical Medicine & Rehabilitation) Physician",
    },
    {
        "code": "2086S0105X",
        "grouping": "Allopathic & Osteopathic Physicians",
        "classification": "Surgery",
        "specialization": "Surgery of the Hand",
        "display_name": "Surgery of the Hand (Surgery) Physician",
    },
    {
        "code": "2082S0105X",
        "grouping": "Allopathic & Osteopathic Physicians",
        "classification": "Plastic Surgery",
        "specialization": "Surgery of the Hand",
        "display_name": "Surgery of the Hand (Plastic Surgery) Physician",
    },
    {
        "code": "207W00000X",
        "grouping": "Allopathic & Osteopathic Physicians",
        "classification": "Ophthalmology",
        "specialization": "",
        "display_name": "Ophthalmology Physician",
    },
    {
        "code": "207WX0120X",
        "grouping": "Allopathic & Osteopathic Physicians",
        "classification": "Ophthalmology",
        "specialization": "Cornea and External Diseases Specialist",
        "display_name": "Cornea and External Diseases Specialist Physician",
    },
    {
        "code": "207RG0100X",
        "grouping": "Allopathic & Osteopathic Physicians",
        "classification": "Internal Medicine",
        "specialization": "Gastroenterology",
        "display_name": "Gastroenterology Physician",
    },
    {
        "code": "208C00000X",
        "grouping": "Allopathic & Osteopathic Physicians",
        "classification": "Colon & Rectal Surgery",
        "specialization": "",
        "display_name": "Colon & Rectal Surgery Physician",
    },
    {
        "code": "208600000X",
        "grouping": "Allopathic & Osteopathic Physicians",
        "classification": "Surgery",
        "specialization": "",
        "display_name": "Surgery Physician",
    },
]
