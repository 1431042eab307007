//! Request and response bodies shared by the adversarial tests: VectorCare's example service
//! body and request detail, careCycle's customer, body and success answer, and a small VSee visit
//! in its envelope.

use carecycle_client::types::CreateCustomerProviderRequest;
use clientgen_runtime::uuid::Uuid;
use serde_json::{json, Value};
use vectorcare_client::types::{
    CreateExampleServiceRequestBody, CreateExampleServiceRequestBodyPatient,
    CreateExampleServiceRequestBodyRequest,
};

/// The page's example service body.
pub(crate) fn transport_request() -> CreateExampleServiceRequestBody {
    CreateExampleServiceRequestBody {
        patient: CreateExampleServiceRequestBodyPatient {
            id: "PAT-001".into(),
            last_name: "Smith".into(),
            first_name: "John".into(),
        },
        request: CreateExampleServiceRequestBodyRequest {
            test: "value".into(),
        },
    }
}

/// A VectorCare request detail with every required field.
pub(crate) fn detail() -> Value {
    let location = json!({
        "id": null, "lat": null, "lng": null, "zip": null, "city": null, "name": null,
        "state": null, "street": null, "address": null, "country": null
    });
    json!({
        "request_id": "EE5A6YZL", "patient_first_name": "Angela", "patient_last_name": "Graves",
        "patient_dob": "1931-03-31", "pickup_location": location, "destination_location": location,
        "transport_pickup_time": "2022-04-28T14:00:00Z", "transport_agreed_for_time": null,
        "service_level_type": "BLS", "service_type": "standing_order_dispatcher",
        "account": {"id": "2UVAGY7O", "name": "Cool Company", "service_levels": [], "facilities": null},
        "facility": {"id": "2UVAGY7O", "name": "Helpful Hospital #0"},
        "user": {"first_name": "Nicole", "last_name": "Montoya", "email": "requester@example.com"},
        "enabled_patient_fields": {}, "enabled_request_fields": {},
        "request_current_state": "accepted", "is_round_trip_first_trip": false,
        "is_round_trip_return_trip": false, "collection_id": "2UVAGY7O"
    })
}

/// careCycle's create success body.
pub(crate) fn provider() -> Value {
    json!({
        "id": "497f6eca-6276-4993-bfeb-53cbbbba6f08", "createdAt": "2024-01-01T00:00:00Z",
        "updatedAt": "2024-01-01T00:00:00Z", "customerId": "87d8e330-2878-4742-a86f-dbbb3bf522ac",
        "providerType": "Pharmacy"
    })
}

/// The careCycle customer of the page's example.
pub(crate) fn customer() -> Uuid {
    "497f6eca-6276-4993-bfeb-53cbbbba6f08"
        .parse()
        .expect("a UUID")
}

/// A careCycle body with only `providerType`.
pub(crate) fn pharmacy() -> CreateCustomerProviderRequest {
    serde_json::from_value(json!({"providerType": "Pharmacy"})).expect("a valid body")
}

/// A small VSee visit inside its envelope.
pub(crate) fn visit_envelope() -> Value {
    json!({"data": {"id": "1525", "member_id": "508", "code": "c", "start": 1458095488, "end": 1458096388}})
}
